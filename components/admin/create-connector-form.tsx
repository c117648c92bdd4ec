"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { type IssuedKey, createConnectorAction } from "@/app/(app)/admin/connectors/actions";
import { type FormState, fieldError, initialFormState } from "@/app/_server/form-state";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { ApiKeyReveal } from "./api-key-reveal";
import { FormField, FormSubmit, describedBy } from "./form-field";
import { FormOutcome, useResetOnDone } from "./form-outcome";
import { submitKeepingInput } from "./submit-keeping-input";
import type { FormatOption } from "@/components/imports/format-options";
import type { Option } from "./grant-role-form";

export function CreateConnectorForm({ fonds, formats }: { fonds: Option[]; formats: FormatOption[] }) {
  const t = useTranslations();
  const locale = useLocale() as "zh-CN" | "en";
  const [state, act, pending] = useActionState<FormState<IssuedKey>, FormData>(createConnectorAction, initialFormState);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const form = useResetOnDone(state.done);
  const f = (name: string) => fieldError(state, name);
  return (
    <div className="grid gap-4">
      {state.done && dismissed !== state.done.apiKey && <ApiKeyReveal {...state.done} onDismiss={() => setDismissed(state.done!.apiKey)} />}
      <form ref={form} onSubmit={submitKeepingInput(act)} className="grid gap-4" noValidate aria-label={t("admin.connectors.create.title")}>
        <FormOutcome error={state.error} />
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <FormField id="fondsId" label={t("admin.connectors.create.fonds")} error={f("fondsId")}>
            <NativeSelect {...describedBy("fondsId", f("fondsId"))} defaultValue={fonds[0]?.id} disabled={pending}>
              {fonds.map((x) => (
                <option key={x.id} value={x.id}>
                  {locale === "en" && x.labelEn ? x.labelEn : x.label}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <FormField id="name" label={t("admin.connectors.create.name")} error={f("name")}>
            <Input {...describedBy("name", f("name"))} placeholder={t("admin.connectors.create.namePlaceholder")} disabled={pending} />
          </FormField>
          <FormField id="sourceSystem" label={t("admin.connectors.create.sourceSystem")} hint={t("admin.connectors.create.sourceSystemHint")} error={f("sourceSystem")}>
            <Input {...describedBy("sourceSystem", f("sourceSystem"), "hint")} className="font-mono" disabled={pending} />
          </FormField>
          <FormField id="formatId" label={t("admin.connectors.create.format")} hint={t("admin.connectors.create.formatHint")} error={f("formatId")}>
            <NativeSelect {...describedBy("formatId", f("formatId"), "hint")} defaultValue="" disabled={pending}>
              <option value="">{t("admin.connectors.autoDetect")}</option>
              {formats.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label[locale]}
                </option>
              ))}
            </NativeSelect>
          </FormField>
        </div>
        <FormSubmit pending={pending} label={t("admin.connectors.create.submit")} pendingLabel={t("admin.connectors.create.submitting")} />
      </form>
    </div>
  );
}
