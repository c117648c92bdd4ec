"use client";

import { useTranslations } from "next-intl";
import { FormField, describedBy } from "@/components/admin/form-field";
import { Input } from "@/components/ui/input";
import type { ErrorCode } from "@/lib/errors";

/** The new password twice, with the rule in words; shared by the user's own change and an administrator's reset. */
export function NewPasswordFields({ errors, disabled }: { errors: (field: string) => ErrorCode | undefined; disabled: boolean }) {
  const t = useTranslations("account.password");
  return (
    <>
      <FormField id="newPassword" label={t("new")} hint={t("rule")} error={errors("newPassword")}>
        <Input {...describedBy("newPassword", errors("newPassword"), "hint")} type="password" autoComplete="new-password" required disabled={disabled} />
      </FormField>
      <FormField id="confirmPassword" label={t("confirm")} error={errors("confirmPassword")}>
        <Input {...describedBy("confirmPassword", errors("confirmPassword"))} type="password" autoComplete="new-password" required disabled={disabled} />
      </FormField>
    </>
  );
}
