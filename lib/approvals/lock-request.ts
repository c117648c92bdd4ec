import { and, asc, desc, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { approvalDecisions, approvalRequests, approvalSteps, users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import type { ApprovalRequestRow } from "./registry";

type DecisionRow = Omit<typeof approvalDecisions.$inferInsert, "outcome">;

/**
 * The request row locked for one change (a decision or a withdrawal), its steps, and whether the same OA
 * event was already seen. Every change takes this lock first, so concurrent ones run one after the other
 * and the second sees what the first committed: the first wins, the second is told why.
 */
export async function lockRequest(tx: Tx, target: { approvalId: string; fondsId?: string; source: string; externalEventId?: string }) {
  // One round trip: the request's lock goes first and the reads queued behind it on the same connection
  // start after it is granted, each with its own snapshot, so they see what a concurrent decider committed.
  const [[request], steps, [seen]] = await Promise.all([
    tx
      .select()
      .from(approvalRequests)
      .where(and(eq(approvalRequests.id, target.approvalId), target.fondsId ? eq(approvalRequests.fondsId, target.fondsId) : undefined))
      .for("update"),
    tx.select().from(approvalSteps).where(eq(approvalSteps.requestId, target.approvalId)).orderBy(asc(approvalSteps.seq)),
    target.externalEventId
      ? tx
          .select({ id: approvalDecisions.id })
          .from(approvalDecisions)
          .where(and(eq(approvalDecisions.requestId, target.approvalId), eq(approvalDecisions.source, target.source as DecisionRow["source"]), eq(approvalDecisions.externalEventId, target.externalEventId)))
          .limit(1)
      : [],
  ]);
  return { request, steps, seen: !!seen };
}

/** The decision or withdrawal that ended a request: who, when, through what, and which it was. */
export async function endingDecision(tx: Tx, request: ApprovalRequestRow, now: Date) {
  const [last] = await tx
    .select({ decision: approvalDecisions.decision, source: approvalDecisions.source, createdAt: approvalDecisions.createdAt, oaUserId: approvalDecisions.oaUserId, name: users.displayName })
    .from(approvalDecisions)
    .leftJoin(users, eq(users.id, approvalDecisions.actorId))
    .where(and(eq(approvalDecisions.requestId, request.id), eq(approvalDecisions.outcome, "recorded")))
    .orderBy(desc(approvalDecisions.createdAt), desc(approvalDecisions.id))
    .limit(1);
  return {
    decision: last?.decision,
    source: last?.source,
    /** The params of the refusal a later change is told. */
    params: {
      by: last?.name ?? last?.oaUserId ?? "",
      at: (last?.createdAt ?? request.decidedAt ?? now).toISOString(),
      source: last?.source ?? "",
      decision: last?.decision ?? request.state,
    },
  };
}

/** The code a change arriving after the request ended is refused with: decided, or withdrawn (撤回). */
export const endedRefusal = (request: ApprovalRequestRow) => (request.state === "cancelled" ? ("approval.withdrawn" as const) : ("approval.already_decided" as const));

/**
 * A refused change kept in the history and the audit trail, like a conflicting decision: an OA may send
 * one its own flow allowed, and both sides of the disagreement stay on record.
 */
export async function recordRefusal(tx: Tx, ctx: ServiceContext, request: ApprovalRequestRow, row: DecisionRow, code: string, audited: Record<string, unknown>) {
  await tx.insert(approvalDecisions).values({ ...row, outcome: "refused", refusalCode: code });
  await appendAudit(tx, ctx, {
    action: "approval.decision_refused",
    targetType: "approval",
    targetId: request.id,
    fondsId: request.fondsId,
    data: { decision: row.decision, source: row.source, oaUserId: row.oaUserId, externalEventId: row.externalEventId, reason: code, ...audited },
  });
}
