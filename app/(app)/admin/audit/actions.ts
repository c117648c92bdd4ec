"use server";

import { requireServiceContext } from "@/app/_server/context";
import type { FormState } from "@/app/_server/form-state";
import { getDbHandle } from "@/db";
import { checkAuditChain } from "@/lib/audit/check-audit-chain";
import type { ChainVerdict } from "@/lib/audit/verify-chain";

export async function verifyChainAction(_: FormState<ChainVerdict>): Promise<FormState<ChainVerdict>> {
  const ctx = await requireServiceContext();
  const r = await checkAuditChain(ctx, getDbHandle().sql);
  return r.ok ? { error: null, done: r.value } : { error: r.error, done: null };
}
