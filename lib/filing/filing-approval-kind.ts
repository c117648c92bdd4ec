import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { anyId } from "@/db/any-id";
import { filingRecords, filings, records } from "@/db/schema";
import { registerApprovalKind } from "@/lib/approvals/registry";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { fail, ok } from "@/lib/errors";
import { lockRecords } from "@/lib/records/lock-records";
import { fileRecords } from "./file-records";

/**
 * 归档 requests: one step, the finance approver of the fonds (79号令 Art. 10: the accounting department
 * hands over what its head has approved). Approval files the records; rejection and withdrawal (撤回) return
 * them to collected, in their open volumes, so the archivist can fix them and submit again.
 */
registerApprovalKind("filing", {
  steps: () => ["finance_approver"],
  onApproved: (tx, ctx, request) => fileRecords(tx, ctx, request.subjectId),
  onRejected: (tx, ctx, request, comment) => returnRecords(tx, ctx, request.subjectId, { state: "rejected", action: "filing.rejected", data: { comment } }),
  onWithdrawn: (tx, ctx, request, reason) => returnRecords(tx, ctx, request.subjectId, { state: "withdrawn", action: "filing.withdrawn", data: { reason } }),
});

/** The filing's included records go back to collected (as they were before submission) and the filing ends. */
async function returnRecords(tx: Tx, ctx: ServiceContext, filingId: string, end: { state: "rejected" | "withdrawn"; action: "filing.rejected" | "filing.withdrawn"; data: Record<string, unknown> }) {
  const [filing] = await tx.select().from(filings).where(eq(filings.id, filingId)).for("update");
  if (!filing) return fail("filing.not_found");
  if (filing.state !== "pending") return fail("filing.not_pending", { state: filing.state });
  const included = await tx.select({ id: filingRecords.recordId }).from(filingRecords).where(and(eq(filingRecords.filingId, filing.id), eq(filingRecords.status, "included")));
  const ids = included.map((r) => r.id);
  // Locked by id first (lockRecords): the update's own order is whatever its plan meets the rows in.
  if (ids.length) await lockRecords(tx, anyId(records.id, ids), "no key update");
  if (ids.length) await tx.update(records).set({ state: "collected", updatedAt: ctx.now() }).where(and(anyId(records.id, ids), eq(records.state, "filing")));
  await tx.update(filings).set({ state: end.state, decidedAt: ctx.now() }).where(eq(filings.id, filing.id));
  await appendAudit(tx, ctx, { action: end.action, targetType: "filing", targetId: filing.id, fondsId: filing.fondsId, data: { records: ids.length, ...end.data } });
  return ok({ records: ids.length });
}
