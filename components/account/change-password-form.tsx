"use client";

import { useTranslations } from "next-intl";
import { useActionState, useRef } from "react";
import { changePasswordAction } from "@/app/(app)/account/actions";
import { type FormState, fieldError, initialFormState } from "@/app/_server/form-state";
import { FormField, FormSubmit, describedBy } from "@/components/admin/form-field";
import { FormOutcome } from "@/components/admin/form-outcome";
import { submitKeepingInput, useEmptyRefusedSecrets } from "@/components/admin/submit-keeping-input";
import { Input } from "@/components/ui/input";
import { NewPasswordFields } from "./new-password-fields";

// A wrong current password is typed again alone; a refused new one with its confirmation.
const SECRETS = [["currentPassword"], ["newPassword", "confirmPassword"]];

/** On success the action signs out everywhere and lands on the sign-in page, so there is no "done" here. */
export function ChangePasswordForm({ username }: { username: string }) {
  const t = useTranslations("account.password");
  const [state, act, pending] = useActionState<FormState, FormData>(changePasswordAction, initialFormState);
  const form = useRef<HTMLFormElement>(null);
  useEmptyRefusedSecrets(form, state.error, SECRETS);
  const f = (name: string) => fieldError(state, name);
  return (
    <form ref={form} onSubmit={submitKeepingInput(act)} className="grid max-w-md gap-4" noValidate aria-label={t("title")}>
      <FormOutcome error={state.error} />
      {/* Lets a password manager file the new password under the right account. */}
      <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
      <FormField id="currentPassword" label={t("current")} error={f("currentPassword")}>
        <Input {...describedBy("currentPassword", f("currentPassword"))} type="password" autoComplete="current-password" required disabled={pending} />
      </FormField>
      <NewPasswordFields errors={f} disabled={pending} />
      <FormSubmit pending={pending} label={t("submit")} pendingLabel={t("submitting")} />
    </form>
  );
}
