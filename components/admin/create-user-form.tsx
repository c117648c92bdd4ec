"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createUserAction } from "@/app/(app)/admin/users/actions";
import { type FormState, fieldError, initialFormState } from "@/app/_server/form-state";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { FormField, FormSubmit, MustChangeBox, describedBy } from "./form-field";
import { FormOutcome, useResetOnDone } from "./form-outcome";
import { submitKeepingInput, useEmptyRefusedSecrets } from "./submit-keeping-input";

const SECRETS = [["password"]];

export function CreateUserForm() {
  const t = useTranslations();
  const [state, act, pending] = useActionState<FormState<{ username: string }>, FormData>(createUserAction, initialFormState);
  const form = useResetOnDone(state.done);
  useEmptyRefusedSecrets(form, state.error, SECRETS);
  const f = (name: string) => fieldError(state, name);
  return (
    <form ref={form} onSubmit={submitKeepingInput(act)} className="grid gap-4" noValidate aria-label={t("admin.users.create.title")}>
      <FormOutcome error={state.error} done={state.done && t("admin.users.create.created", { username: state.done.username })} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="username" label={t("admin.users.create.username")} hint={t("admin.users.create.usernameHint")} error={f("username")}>
          <Input {...describedBy("username", f("username"), "hint")} autoComplete="off" required disabled={pending} />
        </FormField>
        <FormField id="displayName" label={t("admin.users.create.displayName")} error={f("displayName")}>
          <Input {...describedBy("displayName", f("displayName"))} required disabled={pending} />
        </FormField>
        <FormField id="email" label={t("admin.users.create.email")} error={f("email")}>
          <Input {...describedBy("email", f("email"))} type="email" autoComplete="off" disabled={pending} />
        </FormField>
        <FormField id="locale" label={t("admin.users.create.locale")} error={f("locale")}>
          <NativeSelect {...describedBy("locale", f("locale"))} defaultValue="zh-CN" disabled={pending}>
            <option value="zh-CN">{t("common.languages.zh-CN")}</option>
            <option value="en">{t("common.languages.en")}</option>
          </NativeSelect>
        </FormField>
        <FormField id="password" label={t("admin.users.create.password")} hint={t("admin.users.create.passwordHint")} error={f("password")}>
          <Input {...describedBy("password", f("password"), "hint")} type="password" autoComplete="new-password" disabled={pending} />
        </FormField>
      </div>
      <MustChangeBox label={t("account.mustChange.atFirstSignIn")} disabled={pending} />
      <FormSubmit pending={pending} label={t("admin.users.create.submit")} pendingLabel={t("admin.users.create.submitting")} />
    </form>
  );
}
