import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { approvalDecisions, approvalRequests, approvalSteps, auditEvents, users } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";
import { holdsRole } from "./decide-approval";
import { ownRequestsDecidable } from "./own-requests";

export const GetApprovalInput = z.object({ id: z.uuid() });

const requester = alias(users, "requester");

/**
 * A request with its steps and every decision that arrived, refused and repeated ones included. Readers
 * of the fonds' records, its approvers and the requester see it; to anyone else it does not exist.
 */
export async function getApproval(ctx: ServiceContext, raw: unknown) {
  const input = GetApprovalInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const [row] = await ctx.db
    .select({ request: approvalRequests, requesterName: requester.displayName })
    .from(approvalRequests)
    .innerJoin(requester, eq(requester.id, approvalRequests.requestedBy))
    .where(eq(approvalRequests.id, input.data.id));
  if (!row) return fail("approval.not_found");
  const { request } = row;
  const actor = ctx.actor;
  if (actor && actor.userId !== request.requestedBy && !can(actor, "record.read", request.fondsId) && !can(actor, "approval.decide", request.fondsId)) {
    return fail("approval.not_found");
  }
  const [steps, decisions, [revoked]] = await Promise.all([
    ctx.db
      .select({ id: approvalSteps.id, seq: approvalSteps.seq, role: approvalSteps.role, state: approvalSteps.state, decidedAt: approvalSteps.decidedAt, decidedBy: users.displayName })
      .from(approvalSteps)
      .leftJoin(users, eq(users.id, approvalSteps.decidedBy))
      .where(eq(approvalSteps.requestId, request.id))
      .orderBy(asc(approvalSteps.seq)),
    ctx.db
      .select({
        id: approvalDecisions.id,
        stepId: approvalDecisions.stepId,
        decision: approvalDecisions.decision,
        comment: approvalDecisions.comment,
        source: approvalDecisions.source,
        actorName: users.displayName,
        oaUserId: approvalDecisions.oaUserId,
        externalEventId: approvalDecisions.externalEventId,
        outcome: approvalDecisions.outcome,
        refusalCode: approvalDecisions.refusalCode,
        createdAt: approvalDecisions.createdAt,
      })
      .from(approvalDecisions)
      .leftJoin(users, eq(users.id, approvalDecisions.actorId))
      .where(eq(approvalDecisions.requestId, request.id))
      .orderBy(asc(approvalDecisions.createdAt), asc(approvalDecisions.id)),
    // Its record is the audit entry (lib/approvals/record-oa-revocation), one per request.
    ctx.db
      .select({ by: sql<string>`coalesce(${auditEvents.data}->>'revokedByName', ${auditEvents.data}->>'oaUserId')`, at: sql<string>`${auditEvents.data}->>'oaRevokedAt'`, reason: sql<string | null>`${auditEvents.data}->>'reason'` })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetType, "approval"), eq(auditEvents.targetId, request.id), eq(auditEvents.action, "approval.revoked_in_oa")))
      .limit(1),
  ]);
  const pending = steps.find((s) => s.state === "pending");
  const holdsStep = request.state === "pending" && !!pending && !!actor && holdsRole(actor, pending.role, request.fondsId);
  const ownRequest = holdsStep && actor!.userId === request.requestedBy && !(await ownRequestsDecidable(ctx.db, request.fondsId));
  return ok({
    id: request.id,
    fondsId: request.fondsId,
    kind: request.kind,
    subjectId: request.subjectId,
    title: request.title,
    state: request.state,
    requestedBy: { id: request.requestedBy, name: row.requesterName },
    createdAt: request.createdAt,
    decidedAt: request.decidedAt,
    steps,
    decisions,
    /** The OA revoked the approval after it was given (通过后撤销): it stands here, but its evidence is contested. */
    revokedInOa: revoked ?? null,
    /** Whether the caller may decide the current step now (drives the approve/reject buttons). */
    canDecide: holdsStep && !ownRequest,
    /** The caller holds the step's role but submitted the request, which their fonds does not let them decide. */
    ownRequest,
    /** Whether the caller may withdraw (撤回) it now: the requester or the fonds' archivist, while it is pending. */
    canWithdraw: request.state === "pending" && !!actor && (actor.userId === request.requestedBy || can(actor, "approval.withdraw", request.fondsId)),
  });
}

export type ApprovalView = Extract<Awaited<ReturnType<typeof getApproval>>, { ok: true }>["value"];
