"use client";

import { useActionState } from "react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { useResetOnDone } from "@/components/admin/form-outcome";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { FormMessage } from "@/components/filing/form-message";
import { Button } from "@/components/ui/button";

export interface ActionFormProps {
  action: (prev: DoneState, form: FormData) => Promise<DoneState>;
  /** Values the action needs besides what the person enters (the fonds and period). */
  hidden: Record<string, string | number>;
  label: string;
  pendingLabel: string;
  /** Rendered already: a server page cannot hand a component function to a client one. */
  icon: React.ReactNode;
  variant?: "default" | "outline";
  disabled?: boolean;
  /** Extra inputs shown above the button (e.g. the explicit override of warnings). */
  children?: React.ReactNode;
}

/** One workbench step as a form: a button that runs a server action and says what happened, in words. */
export function ActionForm({ action, hidden, label, pendingLabel, icon, variant = "default", disabled, children }: ActionFormProps) {
  const [state, act, pending] = useActionState<DoneState, FormData>(action, initialFormState);
  const form = useResetOnDone(state.done);
  return (
    <form ref={form} onSubmit={submitKeepingInput(act)} className="grid gap-3">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <div>
        <Button type="submit" variant={variant} disabled={pending || disabled} aria-busy={pending}>
          {icon}
          {pending ? pendingLabel : label}
        </Button>
      </div>
      <div aria-live="polite">
        <FormMessage state={state} />
      </div>
    </form>
  );
}
