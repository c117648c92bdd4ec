"use client";

import { type FormEvent, startTransition } from "react";

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
