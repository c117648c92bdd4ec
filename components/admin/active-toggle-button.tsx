"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type FormState, initialFormState } from "@/app/_server/form-state";
import { Button } from "@/components/ui/button";

interface Props {
  /** A server action reading `active` ("true"/"false") and the hidden `fields` (the subject's id). */
  action: (state: FormState, form: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  active: boolean;
  /** Names the subject for screen readers and the confirmation ("停用 金蝶 K/3"). */
  subject: string;
  labels: { deactivate: string; reactivate: string };
  /** Asked before deactivating only: reactivating takes nothing away. */
  confirmDeactivate?: string;
}

/** Deactivate or reactivate one account or connector; a refusal is shown beside the button. */
export function ActiveToggleButton({ action, fields, active, subject, labels, confirmDeactivate }: Props) {
  const t = useTranslations();
  const [state, act, pending] = useActionState<FormState, FormData>(action, initialFormState);
  const label = active ? labels.deactivate : labels.reactivate;
  return (
    <form
      action={act}
      className="flex items-center justify-end gap-2"
      onSubmit={(e) => {
        if (active && confirmDeactivate && !window.confirm(confirmDeactivate)) e.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      {state.error && (
        <span role="alert" className="text-destructive text-xs">
          {t(state.error.code, state.error.params)}
        </span>
      )}
      <Button type="submit" size="sm" variant={active ? "outline" : "secondary"} disabled={pending} aria-label={`${label} ${subject}`}>
        {label}
      </Button>
    </form>
  );
}
