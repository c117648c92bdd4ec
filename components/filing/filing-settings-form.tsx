"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { fieldError, initialFormState } from "@/app/_server/form-state";
import { FormField, FormSubmit, describedBy } from "@/components/admin/form-field";
import { FormOutcome } from "@/components/admin/form-outcome";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { ErrorCode } from "@/lib/errors";

export interface CheckItemChoice {
  code: string;
  property: "authenticity" | "completeness" | "usability" | "security";
  title: { zh: string; en: string };
}

export interface FilingSettingsFormProps {
  fondsId: string;
  volumeSize: number;
  ownRequestsDecidable: boolean;
  checks: {
    attachmentShortfallOutcome: "pass" | "warning" | "fail";
    voucherWords: string[] | null;
    minFiscalYear: number;
    duplicateKeys: string[];
    disabled: string[];
  };
  /** The items run at filing, in DA/T 70's order. */
  items: readonly CheckItemChoice[];
  action: (prev: DoneState, form: FormData) => Promise<DoneState>;
}

const PROPERTIES = ["authenticity", "completeness", "usability", "security"] as const;
const KNOWN_DUPLICATE_KEYS = ["voucher_identity", "invoice_number", "archival_code"] as const;

/** The first problem among a field's entries ("checks.duplicateKeys.0"), or the field's own. */
function firstFieldError(fields: Record<string, ErrorCode> | undefined, name: string): ErrorCode | undefined {
  return Object.entries(fields ?? {}).find(([field]) => field === name || field.startsWith(`${name}.`))?.[1];
}

/** The parts of a fonds' filing settings an archivist decides: volume size and the configurable check items. */
export function FilingSettingsForm({ fondsId, volumeSize, ownRequestsDecidable, checks, items, action }: FilingSettingsFormProps) {
  const t = useTranslations();
  const locale = useLocale();
  const [state, act, pending] = useActionState<DoneState, FormData>(action, initialFormState);
  const f = (name: string) => fieldError(state, name) ?? firstFieldError(state.error?.fields, name);
  // Keys set outside this form (metadata:…) stay choosable, so saving never drops them unseen.
  const duplicateKeys = [...KNOWN_DUPLICATE_KEYS, ...checks.duplicateKeys.filter((k) => !(KNOWN_DUPLICATE_KEYS as readonly string[]).includes(k))];
  const keyLabel = (key: string) => (key.startsWith("metadata:") ? t("rules-ui.settings.metadataKey", { name: key.slice("metadata:".length) }) : t(`rules-ui.settings.duplicateKey.${key}`));
  const duplicateError = f("checks.duplicateKeys");
  return (
    <form onSubmit={submitKeepingInput(act)} className="grid gap-5" noValidate aria-label={t("rules-ui.settings.title")}>
      <input type="hidden" name="fondsId" value={fondsId} />
      <FormOutcome error={state.error} done={state.done && t(state.done.key, state.done.params)} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="volumeSize" label={t("rules-ui.settings.volumeSize")} hint={t("rules-ui.settings.volumeSizeHint")} error={f("volumeSize")}>
          <Input {...describedBy("volumeSize", f("volumeSize"), "hint")} type="number" min={1} max={1000} defaultValue={volumeSize} className="w-32" disabled={pending} />
        </FormField>
        <FormField id="attachmentShortfallOutcome" label={t("rules-ui.settings.attachmentShortfall")} hint={t("rules-ui.settings.attachmentShortfallHint")} error={f("checks.attachmentShortfallOutcome")}>
          <NativeSelect {...describedBy("attachmentShortfallOutcome", f("checks.attachmentShortfallOutcome"), "hint")} defaultValue={checks.attachmentShortfallOutcome} disabled={pending}>
            {(["pass", "warning", "fail"] as const).map((o) => (
              <option key={o} value={o}>
                {t(`archive.check.outcome.${o}`)}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField id="voucherWords" label={t("rules-ui.settings.voucherWords")} hint={t("rules-ui.settings.voucherWordsHint")} error={f("checks.voucherWords")}>
          <Input {...describedBy("voucherWords", f("checks.voucherWords"), "hint")} defaultValue={checks.voucherWords?.join(" ") ?? ""} disabled={pending} />
        </FormField>
        <FormField id="minFiscalYear" label={t("rules-ui.settings.minFiscalYear")} hint={t("rules-ui.settings.minFiscalYearHint")} error={f("checks.minFiscalYear")}>
          <Input {...describedBy("minFiscalYear", f("checks.minFiscalYear"), "hint")} type="number" min={1900} defaultValue={checks.minFiscalYear} className="w-32" disabled={pending} />
        </FormField>
      </div>

      <fieldset className="grid gap-2" aria-describedby={duplicateError ? "duplicateKeys-error" : "duplicateKeys-hint"} aria-invalid={duplicateError ? true : undefined}>
        <legend className="mb-1 text-sm font-medium">{t("rules-ui.settings.duplicateKeys")}</legend>
        {duplicateKeys.map((key) => (
          <label key={key} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="duplicateKeys" value={key} defaultChecked={checks.duplicateKeys.includes(key)} disabled={pending} className="accent-primary mt-0.5 size-4" />
            {keyLabel(key)}
          </label>
        ))}
        {duplicateError ? (
          <p id="duplicateKeys-error" className="text-destructive text-xs">
            {t(duplicateError)}
          </p>
        ) : (
          <p id="duplicateKeys-hint" className="text-muted-foreground text-xs">
            {t("rules-ui.settings.duplicateKeysHint")}
          </p>
        )}
      </fieldset>

      <div className="grid gap-1">
        <label className="flex items-start gap-2 text-sm">
          <input type="hidden" name="ownRequestsDecidable" value="false" />
          <input type="checkbox" name="ownRequestsDecidable" value="true" defaultChecked={ownRequestsDecidable} disabled={pending} aria-describedby="ownRequestsDecidable-hint" className="accent-primary mt-0.5 size-4" />
          {t("rules-ui.settings.ownRequests")}
        </label>
        <p id="ownRequestsDecidable-hint" className="text-muted-foreground pl-6 text-xs">
          {t("rules-ui.settings.ownRequestsHint")}
        </p>
      </div>

      {/* Items switched off that this form does not list (not run at filing) stay switched off. */}
      {checks.disabled
        .filter((code) => !items.some((item) => item.code === code))
        .map((code) => (
          <input key={code} type="hidden" name="disabled" value={code} />
        ))}
      <details className="rounded-lg border px-4 py-3">
        <summary className="cursor-pointer text-sm font-medium">
          {t("rules-ui.settings.disabled")}
          <span className="text-muted-foreground ml-2 font-normal">{t("rules-ui.settings.disabledCount", { count: checks.disabled.length })}</span>
        </summary>
        <p className="text-muted-foreground mt-2 text-xs">{t("rules-ui.settings.disabledHint")}</p>
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          {PROPERTIES.map((property) => (
            <fieldset key={property} className="grid content-start gap-1.5">
              <legend className="mb-1 text-sm font-medium">{t(`archive.check.property.${property}`)}</legend>
              {items
                .filter((item) => item.property === property)
                .map((item) => (
                  <label key={item.code} className="flex items-start gap-2 text-sm">
                    <input type="checkbox" name="disabled" value={item.code} defaultChecked={checks.disabled.includes(item.code)} disabled={pending} className="accent-primary mt-0.5 size-4" />
                    <span>
                      <span className="text-muted-foreground font-mono text-xs tabular-nums">{item.code}</span> {locale === "en" ? item.title.en : item.title.zh}
                    </span>
                  </label>
                ))}
            </fieldset>
          ))}
        </div>
      </details>
      <FormSubmit pending={pending} label={t("rules-ui.settings.save")} pendingLabel={t("rules-ui.settings.saving")} />
    </form>
  );
}
