import { and, asc, desc, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { approvalDecisions, approvalRequests, approvalSteps, users } from "@/db/schema";
import { statement } from "@/db/statement";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import type { ApprovalRequestRow } from "./registry";

/** One entry of a request's decision history, as decide and withdraw build it. */
export interface DecisionRow {
  requestId: string;
  stepId: string | null;
  decision: (typeof approvalDecisions.$inferInsert)["decision"];
  comment: string | null;
  source: (typeof approvalDecisions.$inferInsert)["source"];
  actorId: string | null;
  oaUserId: string | null;
  externalEventId: string | null;
  createdAt: Date;
}

const decisionRow = statement(
  ["requestId", "stepId", "decision", "comment", "source", "actorId", "oaUserId", "externalEventId", "createdAt", "outcome", "refusalCode"],
  (db, p) => db.insert(approvalDecisions).values(p).prepare("insert_decision"),
);

/** Keeps one decision, withdrawal or refusal in the request's history, with what became of it. */
export function insertDecision(tx: Tx, row: DecisionRow, outcome: "recorded" | "duplicate" | "refused", refusalCode: string | null = null) {
  return decisionRow(tx, { ...row, outcome, refusalCode });
}

// Built once (db/statement.ts): every decision, withdrawal and OA callback runs these.
const lockedRequest = statement(["id"], (db, p) => db.select().from(approvalRequests).where(eq(approvalRequests.id, p.id)).for("update").prepare("locked_request"));
const lockedRequestInFonds = statement(["id", "fondsId"], (db, p) =>
  db
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.id, p.id), eq(approvalRequests.fondsId, p.fondsId)))
    .for("update")
    .prepare("locked_request_in_fonds"),
);
const stepsOf = statement(["requestId"], (db, p) => db.select().from(approvalSteps).where(eq(approvalSteps.requestId, p.requestId)).orderBy(asc(approvalSteps.seq)).prepare("steps_of"));
const seenEvent = statement(["requestId", "source", "eventId"], (db, p) =>
  db
    .select({ id: approvalDecisions.id })
    .from(approvalDecisions)
    .where(and(eq(approvalDecisions.requestId, p.requestId), eq(approvalDecisions.source, p.source), eq(approvalDecisions.externalEventId, p.eventId)))
    .limit(1)
    .prepare("seen_event"),
);

/**
 * The request row locked for one change (a decision or a withdrawal), its steps, and whether the same OA
 * event was already seen. Every change takes this lock first, so concurrent ones run one after the other
 * and the second sees what the first committed: the first wins, the second is told why.
 */
export async function lockRequest(tx: Tx, target: { approvalId: string; fondsId?: string; source: string; externalEventId?: string }) {
  const { approvalId: id, fondsId, externalEventId } = target;
  // One round trip: the request's lock goes first and the reads queued behind it on the same connection
  // start after it is granted, each with its own snapshot, so they see what a concurrent decider committed.
  const [[request], steps, [seen]] = await Promise.all([
    fondsId ? lockedRequestInFonds(tx, { id, fondsId }) : lockedRequest(tx, { id }),
    stepsOf(tx, { requestId: id }),
    externalEventId ? seenEvent(tx, { requestId: id, source: target.source, eventId: externalEventId }) : [],
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
  await insertDecision(tx, row, "refused", code);
  await appendAudit(tx, ctx, {
    action: "approval.decision_refused",
    targetType: "approval",
    targetId: request.id,
    fondsId: request.fondsId,
    data: { decision: row.decision, source: row.source, oaUserId: row.oaUserId, externalEventId: row.externalEventId, reason: code, ...audited },
  });
}
