"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createFondsAction } from "@/app/(app)/admin/fonds/actions";
import { type FormState, fieldError, initialFormState } from "@/app/_server/form-state";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { FormField, FormSubmit, describedBy } from "./form-field";
import { FormOutcome, useResetOnDone } from "./form-outcome";
import { submitKeepingInput } from "./submit-keeping-input";
import type { Option } from "./grant-role-form";

export function CreateFondsForm({ parents }: { parents: Option[] }) {
  const t = useTranslations();
  const [state, act, pending] = useActionState<FormState<{ code: string }>, FormData>(createFondsAction, initialFormState);
  const form = useResetOnDone(state.done);
  const f = (name: string) => fieldError(state, name);
  return (
    <form ref={form} onSubmit={submitKeepingInput(act)} className="grid gap-4" noValidate aria-label={t("admin.fonds.create.title")}>
      <FormOutcome error={state.error} done={state.done && t("admin.fonds.create.created", { code: state.done.code })} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <FormField id="code" label={t("admin.fonds.create.code")} hint={t("admin.fonds.create.codeHint")} error={f("code")}>
          <Input {...describedBy("code", f("code"), "hint")} className="font-mono uppercase" maxLength={16} required disabled={pending} />
        </FormField>
        <FormField id="name" label={t("admin.fonds.create.name")} error={f("name")}>
          <Input {...describedBy("name", f("name"))} required disabled={pending} />
        </FormField>
        <FormField id="nameEn" label={t("admin.fonds.create.nameEn")} error={f("nameEn")}>
          <Input {...describedBy("nameEn", f("nameEn"))} disabled={pending} />
        </FormField>
        <FormField id="schedule" label={t("admin.fonds.create.schedule")} hint={t("admin.fonds.create.scheduleHint")} error={f("schedule")}>
          <NativeSelect {...describedBy("schedule", f("schedule"), "hint")} defaultValue="enterprise" disabled={pending}>
            <option value="enterprise">{t("admin.fonds.schedules.enterprise")}</option>
            <option value="public_sector">{t("admin.fonds.schedules.public_sector")}</option>
          </NativeSelect>
        </FormField>
        <FormField id="parentId" label={t("admin.fonds.create.parent")} error={f("parentId")}>
          <NativeSelect {...describedBy("parentId", f("parentId"))} defaultValue="" disabled={pending}>
            <option value="">{t("admin.fonds.create.noParent")}</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField id="volumeSize" label={t("admin.fonds.create.volumeSize")} hint={t("admin.fonds.create.volumeSizeHint")} error={f("volumeSize")}>
          <Input {...describedBy("volumeSize", f("volumeSize"), "hint")} type="number" min={1} max={1000} defaultValue={50} disabled={pending} />
        </FormField>
      </div>
      <FormSubmit pending={pending} label={t("admin.fonds.create.submit")} pendingLabel={t("admin.fonds.create.submitting")} />
    </form>
  );
}
