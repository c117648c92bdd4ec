"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { AlertCircleIcon, CheckCircle2Icon } from "lucide-react";
import { createUserAction } from "@/app/(app)/admin/users/actions";
import { type FormState, fieldError, initialFormState } from "@/app/_server/form-state";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { FormField, describedBy } from "./form-field";

export function CreateUserForm() {
  const t = useTranslations();
  const [state, act, pending] = useActionState<FormState<{ username: string }>, FormData>(createUserAction, initialFormState);
  const form = useRef<HTMLFormElement>(null);
  // A created account clears the form for the next one; a refused one keeps what was typed.
  useEffect(() => {
    if (state.done) form.current?.reset();
  }, [state.done]);
  const f = (name: string) => fieldError(state, name);
  return (
    <form ref={form} action={act} className="grid gap-4" noValidate aria-label={t("admin.users.create.title")}>
      {state.error && !state.error.fields && (
        <Alert variant="destructive" aria-live="assertive">
          <AlertCircleIcon />
          <AlertDescription>{t(state.error.code, state.error.params)}</AlertDescription>
        </Alert>
      )}
      {state.done && (
        <Alert aria-live="polite">
          <CheckCircle2Icon className="text-success" />
          <AlertDescription>{t("admin.users.create.created", { username: state.done.username })}</AlertDescription>
        </Alert>
      )}
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
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? t("admin.users.create.submitting") : t("admin.users.create.submit")}
        </Button>
      </div>
    </form>
  );
}
