"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type DoneState, toDoneState } from "@/app/(app)/filing/done-state";
import { requireServiceContext } from "@/app/_server/context";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { withdrawApproval } from "@/lib/approvals/withdraw-approval";
import type { AppError } from "@/lib/errors";

/** One decision from the request page; decideApproval validates, authorises and records it exactly once. */
export async function decideAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const decision = form.get("decision");
  const result = await decideApproval(ctx, { approvalId: form.get("approvalId"), decision, comment: form.get("comment") ?? undefined, source: "ui" });
  revalidatePath("/approvals", "layout");
  return toDoneState(result, (v) => ({ key: `approvals-ui.done.${v.outcome === "duplicate" ? "duplicate" : v.state}` }));
}

/** Withdraws (撤回) one request from its page; withdrawApproval validates, authorises and records it. */
export async function withdrawAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireServiceContext();
  const result = await withdrawApproval(ctx, { approvalId: form.get("approvalId"), reason: form.get("reason") ?? undefined, source: "ui" });
  revalidatePath("/approvals", "layout");
  revalidatePath("/filing");
  return toDoneState(result, (v) => ({ key: `approvals-ui.done.${v.outcome === "duplicate" ? "cancelled" : "withdrawn"}` }));
}

export interface BulkState {
  decided: number;
  /** Requests whose decision was refused or invalid, by id, with the reason to word. */
  refused: { approvalId: string; error: AppError }[];
  error: AppError | null;
}

const BulkInput = z.object({ approvalIds: z.array(z.uuid()).min(1).max(200) });

/**
 * Several approvals with one comment. Each is its own decision (and transaction): one refused request,
 * e.g. decided meanwhile in the OA, does not undo the others, and is reported by name.
 */
export async function bulkApproveAction(_prev: BulkState, form: FormData): Promise<BulkState> {
  const ctx = await requireServiceContext();
  const parsed = BulkInput.safeParse({ approvalIds: form.getAll("approvalId") });
  if (!parsed.success) return { decided: 0, refused: [], error: { code: "approvals-ui.nothing_selected" } };
  const comment = form.get("comment") ?? undefined;
  let decided = 0;
  const refused: BulkState["refused"] = [];
  for (const approvalId of parsed.data.approvalIds) {
    const result = await decideApproval(ctx, { approvalId, decision: "approve", comment, source: "ui" });
    if (result.ok) decided += 1;
    else refused.push({ approvalId, error: result.error });
  }
  revalidatePath("/approvals", "layout");
  return { decided, refused, error: null };
}
