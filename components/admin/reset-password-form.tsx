"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { resetPasswordAction } from "@/app/(app)/admin/users/actions";
import { type FormState, fieldError, initialFormState } from "@/app/_server/form-state";
import { NewPasswordFields } from "@/components/account/new-password-fields";
import { FormSubmit, MustChangeBox } from "./form-field";
import { FormOutcome, useResetOnDone } from "./form-outcome";
import { submitKeepingInput, useEmptyRefusedSecrets } from "./submit-keeping-input";

const SECRETS = [["newPassword", "confirmPassword"]];

export function ResetPasswordForm({ userId, username }: { userId: string; username: string }) {
  const t = useTranslations("account.reset");
  const [state, act, pending] = useActionState<FormState<{ username: string; mustChange: boolean }>, FormData>(resetPasswordAction, initialFormState);
  const form = useResetOnDone(state.done);
  useEmptyRefusedSecrets(form, state.error, SECRETS);
  const f = (name: string) => fieldError(state, name);
  const done = state.done && t(state.done.mustChange ? "doneMustChange" : "done", { username: state.done.username });
  return (
    <form ref={form} onSubmit={submitKeepingInput(act)} className="grid max-w-md gap-4" noValidate aria-label={t("action")}>
      <FormOutcome error={state.error} done={done} />
      <input type="hidden" name="userId" value={userId} />
      <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
      <NewPasswordFields errors={f} disabled={pending} />
      <MustChangeBox name="mustChange" label={t("mustChange")} disabled={pending} />
      <FormSubmit pending={pending} label={t("submit")} pendingLabel={t("submitting")} />
    </form>
  );
}
