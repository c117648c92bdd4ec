"use server";

import { revalidatePath } from "next/cache";
import { requireServiceContext } from "@/app/_server/context";
import type { FormState } from "@/app/_server/form-state";
import { updateErpConnectorMapping } from "@/lib/erp/connectors/update-erp-connector-mapping";

/** Saves how a connector's files are read (preset, custom columns, or detection) for every later import. */
export async function saveConnectorFormatAction(input: { connectorId: string; formatId: string | null; mapping?: unknown }): Promise<FormState<{ formatId: string | null }>> {
  const ctx = await requireServiceContext();
  const r = await updateErpConnectorMapping(ctx, input);
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/imports");
  return { error: null, done: { formatId: r.value.formatId } };
}
