"use server";

import { revalidatePath } from "next/cache";
import { requireServiceContext } from "@/app/_server/context";
import type { FormState } from "@/app/_server/form-state";
import { getDbHandle } from "@/db";
import { type AnchorOutcome, anchorAuditChain } from "@/lib/audit/anchor-audit-chain";
import { checkAuditChain } from "@/lib/audit/check-audit-chain";
import type { ChainVerdict } from "@/lib/audit/verify-chain";

export async function verifyChainAction(_: FormState<ChainVerdict>): Promise<FormState<ChainVerdict>> {
  const ctx = await requireServiceContext();
  const r = await checkAuditChain(ctx, getDbHandle().sql);
  return r.ok ? { error: null, done: r.value } : { error: r.error, done: null };
}

export async function anchorChainAction(_: FormState<AnchorOutcome>): Promise<FormState<AnchorOutcome>> {
  const ctx = await requireServiceContext();
  const r = await anchorAuditChain(ctx);
  // A written anchor is an entry on the trail the page lists.
  if (r.ok && r.value.written) revalidatePath("/admin/audit");
  return r.ok ? { error: null, done: r.value } : { error: r.error, done: null };
}
