"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { AlertCircleIcon } from "lucide-react";
import type { KeyState } from "@/app/(app)/admin/oa/actions";
import { initialFormState } from "@/app/_server/form-state";
import { errorText } from "@/components/admin/error-text";
import { FormField, FormSubmit, describedBy } from "@/components/admin/form-field";
import { useResetOnDone } from "@/components/admin/form-outcome";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import type { OaField } from "@/lib/oa/connectors/describe-oa-fields";
import type { OaConnectorView } from "@/lib/oa/connectors/connector-view";
import { type OaKind, oaKinds } from "@/lib/oa/types";
import { ApiKeyOnce } from "./api-key-once";

interface Props {
  action: (state: KeyState, form: FormData) => Promise<KeyState>;
  fieldsByKind: Record<OaKind, OaField[]>;
  fonds: { id: string; label: string }[];
  /** Present when editing: its settings fill the form, its secrets show only as masked hints. */
  connector?: OaConnectorView;
}

function configValue(config: Record<string, unknown>, name: string): unknown {
  return name
    .split(".")
    .slice(1)
    .reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), config);
}

/**
 * Create or edit an OA connector. The fields are the adapter's own settings and secrets, so a new
 * vendor needs no form work; secrets are never sent back to the browser, only their masked hints.
 */
export function ConnectorForm({ action, fieldsByKind, fonds, connector }: Props) {
  const t = useTranslations("oa-ui");
  const tr = useTranslations();
  const [kind, setKind] = useState<OaKind>(connector?.kind ?? "generic");
  const [state, act, pending] = useActionState<KeyState, FormData>(action, initialFormState);
  // After a save the fields show what is stored again, the secrets blank behind their new hints.
  const form = useResetOnDone(state.done);
  const err = (name: string) => state.error?.fields?.[name];
  if (state.done?.apiKey) return <ApiKeyOnce apiKey={state.done.apiKey} connectorId={state.done.id} />;
  const fields = fieldsByKind[kind];
  // One origin refused ("allowedOrigins.2"): say which and what an origin is. The bare "invalid input"
  // took the place of the hint, exactly when the administrator needed it.
  const originIssue = Object.entries(state.error?.fields ?? {}).find(([k]) => k.startsWith("allowedOrigins"));
  const originIndex = originIssue ? Number(originIssue[0].split(".")[1]) : NaN;
  const originError = Number.isInteger(originIndex) ? ("oa-ui.form.originInvalid" as const) : originIssue?.[1];
  const originParams = Number.isInteger(originIndex) ? { n: originIndex + 1 } : undefined;
  return (
    <form ref={form} onSubmit={submitKeepingInput(act)} className="grid gap-6" noValidate>
      {connector && <input type="hidden" name="id" value={connector.id} />}
      {connector && <input type="hidden" name="kind" value={connector.kind} />}
      {state.error && (
        <Alert variant="destructive" role="alert">
          <AlertCircleIcon />
          <AlertDescription>{errorText(tr, state.error)}</AlertDescription>
        </Alert>
      )}
      {state.done && <p className="text-success text-sm" role="status">{t("form.saved")}</p>}
      <fieldset className="grid gap-4 md:grid-cols-2" disabled={pending}>
        <legend className="mb-2 text-sm font-medium">{t("form.basics")}</legend>
        {!connector && (
          <>
            <FormField id="fondsId" label={t("form.fonds")} error={err("fondsId")}>
              <NativeSelect {...describedBy("fondsId", err("fondsId"))}>
                {fonds.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.label}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField id="kind" label={t("form.kind")} hint={t(`kindHint.${kind}`)}>
              <NativeSelect {...describedBy("kind", undefined, t(`kindHint.${kind}`))} value={kind} onChange={(e) => setKind(e.target.value as OaKind)}>
                {oaKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`kind.${k}`)}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          </>
        )}
        <FormField id="name" label={t("form.name")} error={err("name")}>
          <Input {...describedBy("name", err("name"))} defaultValue={connector?.name} required maxLength={100} />
        </FormField>
        <FormField id="baseUrl" label={t("form.baseUrl")} hint={t("form.baseUrlHint")} error={err("baseUrl") ?? err("config.baseUrl")}>
          <Input {...describedBy("baseUrl", err("baseUrl"), t("form.baseUrlHint"))} type="url" defaultValue={connector?.baseUrl ?? ""} required placeholder="https://oa.example.cn" />
        </FormField>
      </fieldset>
      {(["config", "secrets"] as const).map((group) => (
        <fieldset key={`${kind}-${group}`} className="grid gap-4 md:grid-cols-2" disabled={pending}>
          <legend className="mb-2 text-sm font-medium">{t(`form.${group}`)}</legend>
          {fields
            .filter((f) => f.group === group)
            .map((f) => {
              // An enum's values are the vendor's words (OR, open_id): shown with what they mean where that is written down.
              const optionLabel = (o: string) => (t.has(`option.${f.key}.${o}`) ? t(`option.${f.key}.${o}`) : o);
              // A switch shows its default by being on or off; "default: false" would only repeat it in code.
              const shownDefault = f.defaultValue === undefined || f.type === "boolean" ? undefined : f.type === "enum" ? optionLabel(String(f.defaultValue)) : String(f.defaultValue);
              const kept = group === "secrets" && connector?.secretHints[f.key] ? t("form.secretKept", { hint: connector.secretHints[f.key]! }) : shownDefault !== undefined ? t("form.default", { value: shownDefault }) : undefined;
              // What a field is for, where its label cannot say it (WeCom's notifying app and the secret it needs).
              const own = t.has(`fieldHint.${f.key}`) ? t(`fieldHint.${f.key}`) : undefined;
              const hint = [kept, own].filter(Boolean).join(" ") || undefined;
              const stored = connector ? configValue(connector.config, f.name) : undefined;
              // A stored secret may stay blank when editing: it is kept.
              const required = f.required && !(group === "secrets" && connector);
              const label = `${t.has(`field.${f.key}`) ? t(`field.${f.key}`) : f.key}${required ? " *" : ""}`;
              // The star is for the eye; a screen reader hears aria-required.
              const props = { ...describedBy(f.name, err(f.name), hint), "aria-required": required || undefined };
              return (
                <FormField key={f.name} id={f.name} label={label} hint={hint} error={err(f.name)}>
                  {f.type === "enum" ? (
                    <NativeSelect {...props} defaultValue={String(stored ?? f.defaultValue ?? f.options?.[0] ?? "")}>
                      {f.options?.map((o) => (
                        <option key={o} value={o}>
                          {optionLabel(o)}
                        </option>
                      ))}
                    </NativeSelect>
                  ) : f.type === "boolean" ? (
                    <input {...props} type="checkbox" className="size-4" defaultChecked={Boolean(stored ?? f.defaultValue)} />
                  ) : (
                    <Input {...props} type={group === "secrets" ? "password" : f.type === "number" ? "number" : "text"} autoComplete="off" defaultValue={group === "secrets" || stored === undefined ? "" : String(stored)} />
                  )}
                </FormField>
              );
            })}
        </fieldset>
      ))}
      <fieldset className="grid gap-4" disabled={pending}>
        <legend className="mb-2 text-sm font-medium">{t("form.embedding")}</legend>
        <FormField id="allowedOrigins" label={t("form.origins")} hint={t("form.originsHint")} error={originError} errorParams={originParams}>
          <Textarea {...describedBy("allowedOrigins", originError, t("form.originsHint"))} rows={3} defaultValue={connector?.allowedOrigins.join("\n")} placeholder="https://oa.example.cn" />
        </FormField>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="allowSsoProvisioning" className="size-4" defaultChecked={connector?.allowSsoProvisioning} />
          {t("form.sso")}
        </label>
        {connector && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="isActive" className="size-4" defaultChecked={connector.isActive} />
            {t("form.active")}
          </label>
        )}
      </fieldset>
      <FormSubmit pending={pending} label={connector ? t("form.save") : t("form.create")} pendingLabel={t("form.saving")} />
    </form>
  );
}
