"use server";

import { revalidatePath } from "next/cache";
import type { FormState } from "@/app/_server/form-state";
import { requireServiceContext } from "@/app/_server/context";
import { oaKindSchema } from "@/lib/oa/adapters";
import { createOaConnector } from "@/lib/oa/connectors/create-oa-connector";
import { readOaFields } from "@/lib/oa/connectors/describe-oa-fields";
import { removeOaUserMapping } from "@/lib/oa/connectors/remove-oa-user-mapping";
import { rotateOaConnectorKey } from "@/lib/oa/connectors/rotate-oa-connector-key";
import { setOaUserMapping } from "@/lib/oa/connectors/set-oa-user-mapping";
import { updateOaConnector } from "@/lib/oa/connectors/update-oa-connector";
import { retryOaMessage } from "@/lib/oa/outbox/retry-oa-message";

export type KeyState = FormState<{ id: string; apiKey?: string }>;
export type DoneState = FormState<{ ok: true }>;

function fields(form: FormData) {
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  const kind = oaKindSchema.safeParse(values.kind);
  const origins = (values.allowedOrigins ?? "").split(/\s+/).filter(Boolean);
  return {
    values,
    kind: kind.success ? kind.data : null,
    common: { name: values.name, baseUrl: values.baseUrl, allowedOrigins: origins, allowSsoProvisioning: values.allowSsoProvisioning === "on" },
  };
}

/** The API key is in the returned state once, for the page to show; it is never stored in plain text. */
export async function createConnectorAction(_prev: KeyState, form: FormData): Promise<KeyState> {
  const ctx = await requireServiceContext();
  const { values, kind, common } = fields(form);
  if (!kind) return { error: { code: "validation.invalid_input", fields: { kind: "validation.invalid_value" } }, done: null };
  const result = await createOaConnector(ctx, { ...common, ...readOaFields(kind, values), fondsId: values.fondsId, kind });
  if (!result.ok) return { error: result.error, done: null };
  revalidatePath("/admin/oa");
  return { error: null, done: { id: result.value.connector.id, apiKey: result.value.apiKey } };
}

export async function updateConnectorAction(_prev: KeyState, form: FormData): Promise<KeyState> {
  const ctx = await requireServiceContext();
  const { values, kind, common } = fields(form);
  if (!kind) return { error: { code: "validation.invalid_input" }, done: null };
  const result = await updateOaConnector(ctx, { ...common, ...readOaFields(kind, values), id: values.id, isActive: values.isActive === "on" });
  if (!result.ok) return { error: result.error, done: null };
  revalidatePath("/admin/oa", "layout");
  return { error: null, done: { id: result.value.id } };
}

export async function rotateKeyAction(_prev: KeyState, form: FormData): Promise<KeyState> {
  const ctx = await requireServiceContext();
  const id = String(form.get("id") ?? "");
  const result = await rotateOaConnectorKey(ctx, { id });
  if (!result.ok) return { error: result.error, done: null };
  revalidatePath(`/admin/oa/${id}`);
  return { error: null, done: { id, apiKey: result.value.apiKey } };
}

export async function setMappingAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await setOaUserMapping(ctx, Object.fromEntries(form));
  if (!result.ok) return { error: result.error, done: null };
  revalidatePath(`/admin/oa/${String(form.get("connectorId"))}`);
  return { error: null, done: { ok: true } };
}

export async function removeMappingAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await removeOaUserMapping(ctx, Object.fromEntries(form));
  if (!result.ok) return { error: result.error, done: null };
  revalidatePath(`/admin/oa/${String(form.get("connectorId"))}`);
  return { error: null, done: { ok: true } };
}

export async function retryOutboxAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await retryOaMessage(ctx, { id: form.get("id") });
  if (!result.ok) return { error: result.error, done: null };
  revalidatePath("/admin/oa");
  return { error: null, done: { ok: true } };
}
