"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { AlertCircleIcon, CheckCircle2Icon } from "lucide-react";
import { grantRoleAction } from "@/app/(app)/admin/roles/actions";
import { type FormState, fieldError, initialFormState } from "@/app/_server/form-state";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { NativeSelect } from "@/components/ui/native-select";
import { ADMIN_ROLES, BUSINESS_ROLES, type Role } from "@/lib/auth/roles";
import { errorText } from "./error-text";
import { FormField, FormSubmit, describedBy } from "./form-field";
import { useResetOnDone } from "./form-outcome";
import { submitKeepingInput } from "./submit-keeping-input";

export interface Option {
  id: string;
  label: string;
  labelEn?: string | null;
}

const FIRST_ROLE: Role = BUSINESS_ROLES[0]!;

export function GrantRoleForm({ users, fonds }: { users: Option[]; fonds: Option[] }) {
  const t = useTranslations();
  const locale = useLocale();
  const [role, setRole] = useState<Role>(FIRST_ROLE);
  const [state, act, pending] = useActionState<FormState<{ role: string }>, FormData>(grantRoleAction, initialFormState);
  // After a grant the form empties for the next one. The role is held here, out of a form reset's reach,
  // so it goes back to the first role itself: the list would show that role and the form send another.
  const form = useResetOnDone(state.done);
  const [granted, setGranted] = useState(state.done);
  if (state.done !== granted) {
    setGranted(state.done);
    if (state.done) setRole(FIRST_ROLE);
  }
  const adminRole = ADMIN_ROLES.includes(role);
  const f = (name: string) => fieldError(state, name);
  return (
    <form ref={form} onSubmit={submitKeepingInput(act)} className="grid gap-4" noValidate aria-label={t("admin.roles.grant.title")}>
      {state.error && (
        <Alert variant="destructive" aria-live="assertive" data-testid="grant-error">
          <AlertCircleIcon />
          <AlertDescription>{errorText(t, state.error)}</AlertDescription>
        </Alert>
      )}
      {state.done && (
        <Alert aria-live="polite">
          <CheckCircle2Icon className="text-success" />
          <AlertDescription>{t("admin.roles.grant.granted", { role: t(`common.roles.${state.done.role}`) })}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-4 md:grid-cols-3">
        <FormField id="userId" label={t("admin.roles.grant.user")} error={f("userId")}>
          <NativeSelect {...describedBy("userId", f("userId"))} defaultValue="" disabled={pending} required>
            <option value="" disabled>
              {t("admin.roles.grant.chooseUser")}
            </option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField id="role" label={t("admin.roles.grant.role")} error={f("role")}>
          <NativeSelect {...describedBy("role", f("role"))} value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={pending}>
            <optgroup label={t("admin.roles.businessGroup")}>
              {BUSINESS_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`common.roles.${r}`)}
                </option>
              ))}
            </optgroup>
            <optgroup label={t("admin.roles.adminGroup")}>
              {ADMIN_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`common.roles.${r}`)}
                </option>
              ))}
            </optgroup>
          </NativeSelect>
        </FormField>
        <FormField id="fondsId" label={t("admin.roles.grant.fonds")} hint={adminRole ? t("admin.roles.grant.installationWide") : t("admin.roles.grant.fondsHint")} error={f("fondsId")}>
          <NativeSelect {...describedBy("fondsId", f("fondsId"), "hint")} key={adminRole ? "admin" : "business"} defaultValue={adminRole ? "" : (fonds[0]?.id ?? "")} disabled={pending || adminRole}>
            {adminRole && <option value="">{t("admin.roles.installationWide")}</option>}
            {fonds.map((x) => (
              <option key={x.id} value={x.id}>
                {locale === "en" && x.labelEn ? x.labelEn : x.label}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      </div>
      <p className="text-muted-foreground text-xs">{t("admin.roles.exclusiveHint")}</p>
      <FormSubmit pending={pending} label={t("admin.roles.grant.submit")} pendingLabel={t("admin.roles.grant.submitting")} />
    </form>
  );
}
