"use client";

import { type FormEvent, type RefObject, startTransition, useEffect } from "react";
import type { AppError } from "@/lib/errors";
import { refusedSecrets } from "./refused-secrets";

/**
 * An onSubmit that hands the form to its action without React's form reset. A function given to
 * `<form action>` empties every uncontrolled field as soon as it is submitted, whatever the action then
 * answers (React 19's automatic reset), so a refused form came back blank and everything had to be typed
 * again. Forms that should empty after a success do so through `useResetOnDone`.
 */
export function submitKeepingInput(act: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The pressed button's name and value (approve or reject) travel with the form, as in a native submit.
    const form = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => act(form));
  };
}

/**
 * Empties the password fields a refusal named (with the rest of their group, see `refusedSecrets`); the
 * other fields keep what was typed. `groups` must be a constant: a new array would empty them on every render.
 */
export function useEmptyRefusedSecrets(form: RefObject<HTMLFormElement | null>, error: AppError | null, groups: readonly (readonly string[])[]) {
  useEffect(() => {
    for (const name of refusedSecrets(error?.fields, groups)) {
      const field = form.current?.elements.namedItem(name);
      if (field instanceof HTMLInputElement) field.value = "";
    }
  }, [form, error, groups]);
}
