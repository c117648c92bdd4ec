"use client";

import { useTranslations } from "next-intl";
import type { ErrorCode } from "@/lib/errors";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";

/**
 * A labelled control with its hint and its error in words; the error is tied to the control through
 * aria-describedby, so a screen reader reads why the field was refused.
 */
export function FormField({
  id,
  label,
  hint,
  error,
  errorParams,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: ErrorCode;
  /** Words the error more precisely (which of several entries), where the field's code alone cannot. */
  errorParams?: Record<string, string | number>;
  children: React.ReactNode;
}) {
  const t = useTranslations();
  return (
    // content-start: beside a field with a hint, a grid row stretches this one, which would pull its label away from its control.
    <div className="grid content-start gap-1.5" data-invalid={error ? true : undefined}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-destructive text-xs">
          {t(error, errorParams)}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="text-muted-foreground text-xs">
            {hint}
          </p>
        )
      )}
    </div>
  );
}

/** Props that wire a control to its FormField's message. */
export const describedBy = (id: string, error: ErrorCode | undefined, hint?: string) => ({
  id,
  name: id,
  "aria-invalid": error ? true : undefined,
  "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
});

/** A form's submit button on its own row, saying what it does while the action runs. */
export function FormSubmit({ pending, label, pendingLabel, variant }: { pending: boolean; label: string; pendingLabel: string; variant?: "outline" }) {
  return (
    <div>
      <Button type="submit" disabled={pending} variant={variant}>
        {pending ? pendingLabel : label}
      </Button>
    </div>
  );
}

/** "Must choose their own password at the next sign-in", ticked by default: the administrator should not keep a working one. */
export function MustChangeBox({ name = "mustChangePassword", label, disabled }: { name?: string; label: string; disabled: boolean }) {
  return (
    <label className="flex items-start gap-2 text-sm">
      {/* An unticked box sends nothing; the hidden "false" before it says so explicitly. */}
      <input type="hidden" name={name} value="false" />
      <input type="checkbox" name={name} value="true" defaultChecked disabled={disabled} className="accent-primary mt-0.5 size-4" />
      {label}
    </label>
  );
}
