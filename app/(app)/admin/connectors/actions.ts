"use server";

import { revalidatePath } from "next/cache";
import { requireServiceContext } from "@/app/_server/context";
import type { FormState } from "@/app/_server/form-state";
import { createErpConnector } from "@/lib/erp/connectors/create-erp-connector";
import { rotateErpConnectorKey } from "@/lib/erp/connectors/rotate-erp-connector-key";
import { setErpConnectorActive } from "@/lib/erp/connectors/set-erp-connector-active";

/** The key travels to the browser once, in this answer, and is never stored or logged in clear. */
export interface IssuedKey {
  connectorName: string;
  apiKey: string;
}

export async function createConnectorAction(_: FormState<IssuedKey>, form: FormData): Promise<FormState<IssuedKey>> {
  const ctx = await requireServiceContext();
  const raw = Object.fromEntries(form);
  const r = await createErpConnector(ctx, { ...raw, formatId: raw.formatId || null });
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/admin/connectors");
  return { error: null, done: { connectorName: r.value.name, apiKey: r.value.apiKey } };
}

export async function rotateKeyAction(_: FormState<IssuedKey>, form: FormData): Promise<FormState<IssuedKey>> {
  const ctx = await requireServiceContext();
  const r = await rotateErpConnectorKey(ctx, { connectorId: form.get("connectorId") });
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/admin/connectors");
  return { error: null, done: { connectorName: String(form.get("connectorName") ?? ""), apiKey: r.value.apiKey } };
}

export async function setConnectorActiveAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireServiceContext();
  const r = await setErpConnectorActive(ctx, Object.fromEntries(form));
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/admin/connectors");
  return { error: null, done: null };
}
