"use server";

import { revalidatePath } from "next/cache";
import { type DoneState, toDoneState } from "@/app/(app)/filing/done-state";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { requireEmbedContext } from "../../_server/require-embed";

/**
 * A decision taken on Acta's page inside the OA: the mapped Acta user decides (their role is checked),
 * recorded as coming from the OA with the OA account, so the history shows where it happened.
 */
export async function embedDecideAction(_prev: DoneState, form: FormData): Promise<DoneState> {
  const ctx = await requireEmbedContext();
  const approvalId = form.get("approvalId");
  const result = await decideApproval(ctx, {
    approvalId,
    decision: form.get("decision"),
    comment: form.get("comment") ?? undefined,
    source: "oa",
    oaUserId: ctx.session.oaUserId,
  });
  revalidatePath(`/embed/approvals/${String(approvalId)}`);
  return toDoneState(result, (v) => ({ key: `approvals-ui.done.${v.outcome === "duplicate" ? "duplicate" : v.state}` }));
}
