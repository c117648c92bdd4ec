import { and, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db";
import { placeholderFor, statement } from "@/db/statement";
import { approvalRequests, approvalSteps } from "@/db/schema";
import { atomically } from "@/lib/atomically";
import { appendAudit } from "@/lib/audit/append-audit";
import type { Role } from "@/lib/auth/roles";
import type { Actor, ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { enqueueOaCompletion } from "@/lib/oa/outbox/enqueue-oa-completion";
import { ActingFrom, OptionalNote, oaConnectorOf } from "./decision-comment";
import { endedRefusal, endingDecision, insertDecision, lockRequest, recordRefusal } from "./lock-request";
import { approvalLink, notifyRole, notifyUser } from "./notify";
import { ownRequestsDecidable } from "./own-requests";
import { type ApprovalRequestRow, approvalKindHandler } from "./registry";
import "./registered-kinds";

export const DecideApprovalInput = z.object({
  approvalId: z.uuid(),
  decision: z.enum(["approve", "reject"]),
  comment: OptionalNote,
  ...ActingFrom,
  /**
   * When the OA says its approver decided (UTC). The decision is dated when Acta received it; the OA's
   * own time, which a retried callback can precede by hours, is kept beside it in the audit entry.
   */
  oaDecidedAt: z.iso.datetime().optional(),
});
export type DecideApprovalInput = z.input<typeof DecideApprovalInput>;

export type ApprovalState = ApprovalRequestRow["state"];

export interface DecisionOutcome {
  approvalId: string;
  state: ApprovalState;
  /** "duplicate": the same decision had already been recorded; nothing changed. */
  outcome: "recorded" | "duplicate";
}

/** The approver holds the step's role in the request's fonds (business roles are per fonds). */
export function holdsRole(actor: Actor, role: Role, fondsId: string): boolean {
  return actor.grants.some((g) => g.role === role && (g.fondsId === null || g.fondsId === fondsId));
}

/** A decision kept in the history as refused, and the reason its sender is told. */
type Refusal = { refused: { code: "approval.already_decided" | "approval.withdrawn" | "approval.own_request"; params: Record<string, string> } };

/**
 * Records one decision on a request, exactly once. The request row is locked, so concurrent decisions are
 * taken one after the other: the first is recorded and moves the state machine; a later identical one
 * (same event id, or the same decision from the same source after the request ended that way) is a
 * duplicate and changes nothing; a conflicting one is refused with approval.already_decided, and still
 * kept in the decision history and the audit trail so both sides of the disagreement are on record.
 * One arriving after a withdrawal (撤回, ./withdraw-approval) is refused the same way, with approval.withdrawn.
 * The OA decides as the system (ctx.actor null) on behalf of `oaUserId`, or as the mapped Acta user.
 */
export async function decideApproval(ctx: ServiceContext, raw: unknown): Promise<Result<DecisionOutcome>> {
  const input = DecideApprovalInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const d = input.data;
  const endedThrough = oaConnectorOf(d);
  if (!ctx.actor && (d.source !== "oa" || !d.oaUserId)) return fail("approval.decider_required");

  const result = await atomically<DecisionOutcome | Refusal>(ctx.db, async (tx) => {
    const { request, steps, seen } = await lockRequest(tx, { approvalId: d.approvalId, fondsId: d.fondsId, source: d.source, externalEventId: d.externalEventId });
    if (!request) return fail("approval.not_found");
    // Once ended, a late decision is weighed at the step that ended it; a withdrawal skipped the step it
    // found pending and every later one, so that step is the first skipped.
    const current =
      steps.find((s) => s.state === "pending") ??
      (request.state === "cancelled" ? steps.find((s) => s.state === "skipped") : steps.findLast((s) => s.state === "approved" || s.state === "rejected"));
    if (!current) return fail("approval.not_found");

    const now = ctx.now();
    const row = {
      requestId: request.id,
      stepId: current.id,
      decision: d.decision,
      comment: d.comment,
      source: d.source,
      actorId: ctx.actor?.userId ?? null,
      oaUserId: d.oaUserId ?? null,
      externalEventId: d.externalEventId ?? null,
      createdAt: now,
    };
    const duplicate = async () => {
      await insertDecision(tx, row, "duplicate");
      return ok({ approvalId: request.id, state: request.state, outcome: "duplicate" as const });
    };

    // A redelivered event is a no-op whoever sent it, even after its step passed to another role.
    if (seen) return duplicate();

    if (ctx.actor && !holdsRole(ctx.actor, current.role, request.fondsId)) return fail("auth.forbidden");

    const refuse = async (code: Refusal["refused"]["code"], params: Record<string, string>, audited: Record<string, unknown>) => {
      await recordRefusal(tx, ctx, request, row, code, { ...(d.oaDecidedAt && { oaDecidedAt: d.oaDecidedAt }), ...audited });
      return ok({ refused: { code, params } });
    };

    if (request.state !== "pending") {
      const ended = await endingDecision(tx, request, now);
      if (ended.decision === d.decision && ended.source === d.source) return duplicate();
      return refuse(endedRefusal(request), ended.params, { decidedBy: ended.params.by, decidedAs: ended.params.decision });
    }
    if (ctx.actor?.userId === request.requestedBy && !(await ownRequestsDecidable(tx, request.fondsId))) {
      return refuse("approval.own_request", {}, {});
    }

    const next = d.decision === "approve" ? steps.find((s) => s.seq > current.seq) : undefined;
    const decider = ctx.actor?.displayName ?? row.oaUserId ?? "";
    // Pipelined: sent in one batch and run by the server in order, so whatever advance reads after its
    // first statement (the kind's consequence) already sees the decision.
    const [, , state] = await Promise.all([
      insertDecision(tx, row, "recorded"),
      decideStep(tx, { id: current.id, state: d.decision === "approve" ? "approved" : "rejected", decidedBy: row.actorId, decidedAt: now }),
      advance(tx, ctx, request, { seq: current.seq, next, decision: d.decision, comment: d.comment, decider, now, endedThrough }),
    ]);
    if (!state.ok) return state;
    await appendAudit(tx, ctx, {
      action: "approval.decided",
      targetType: "approval",
      targetId: request.id,
      fondsId: request.fondsId,
      data: { kind: request.kind, step: current.seq, role: current.role, decision: d.decision, comment: d.comment, source: d.source, oaUserId: row.oaUserId, externalEventId: row.externalEventId, ...(d.oaDecidedAt && { oaDecidedAt: d.oaDecidedAt }), ...(endedThrough && { connectorId: endedThrough }), state: state.value },
    });
    return ok({ approvalId: request.id, state: state.value, outcome: "recorded" as const });
  });

  if (!result.ok) return result;
  if ("refused" in result.value) return fail(result.value.refused.code, result.value.refused.params);
  return ok(result.value);
}

// Built once (db/statement.ts): every decision runs them.
const decideStep = statement(["id", "state", "decidedBy", "decidedAt"], (db, p) =>
  db
    .update(approvalSteps)
    .set({ state: placeholderFor(approvalSteps.state, p.state), decidedBy: placeholderFor(approvalSteps.decidedBy, p.decidedBy), decidedAt: placeholderFor(approvalSteps.decidedAt, p.decidedAt) })
    .where(eq(approvalSteps.id, p.id))
    .prepare("decide_step"),
);
const openStep = statement(["id"], (db, p) => db.update(approvalSteps).set({ state: "pending" }).where(eq(approvalSteps.id, p.id)).prepare("open_step"));

/** Moves the request on after a recorded decision: the next step, or the end with the kind's consequence. */
async function advance(
  tx: Tx,
  ctx: ServiceContext,
  request: ApprovalRequestRow,
  step: { seq: number; next: { id: string; role: Role } | undefined; decision: "approve" | "reject"; comment: string | null; decider: string; now: Date; endedThrough: string | undefined },
): Promise<Result<ApprovalState>> {
  const { next, decision, comment, decider, now, endedThrough } = step;
  const link = approvalLink(request.id);
  if (next) {
    await Promise.all([
      openStep(tx, { id: next.id }),
      notifyRole(tx, request.fondsId, next.role, { kind: "approval.notification.pending", params: { title: request.title, kind: request.kind, requester: "" }, link, at: now }),
    ]);
    return ok("pending");
  }
  const handler = approvalKindHandler(request.kind);
  if (!handler) return fail("approval.unknown_kind", { kind: request.kind });
  const state = decision === "approve" ? ("approved" as const) : ("rejected" as const);
  if (state === "rejected") {
    await tx
      .update(approvalSteps)
      .set({ state: "skipped" })
      .where(and(eq(approvalSteps.requestId, request.id), gt(approvalSteps.seq, step.seq), inArray(approvalSteps.state, ["waiting", "pending"])));
  }
  const decided = { ...request, state, decidedAt: now };
  await Promise.all([
    tx.update(approvalRequests).set({ state, decidedAt: now }).where(eq(approvalRequests.id, request.id)),
    enqueueOaCompletion(tx, request.id, endedThrough),
  ]);
  const consequence = state === "approved" ? await handler.onApproved(tx, ctx, decided) : await handler.onRejected(tx, ctx, decided, comment);
  if (!consequence.ok) return consequence;
  await notifyUser(tx, request.requestedBy, {
    kind: `approval.notification.${state}`,
    params: { title: request.title, kind: request.kind, decider, comment: comment ?? "" },
    link,
    at: now,
  });
  return ok(state);
}
