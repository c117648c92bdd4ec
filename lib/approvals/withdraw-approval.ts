import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { approvalRequests, approvalSteps } from "@/db/schema";
import { atomically } from "@/lib/atomically";
import { appendAudit } from "@/lib/audit/append-audit";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok, type Result } from "@/lib/errors";
import { enqueueOaCompletion } from "@/lib/oa/outbox/enqueue-oa-completion";
import type { DecisionOutcome } from "./decide-approval";
import { ActingFrom, OptionalNote, oaConnectorOf } from "./decision-comment";
import { endedRefusal, endingDecision, insertDecision, lockRequest, recordRefusal } from "./lock-request";
import { approvalLink, notifyRole, notifyUser } from "./notify";
import { approvalKindHandler } from "./registry";
import "./registered-kinds";

export const WithdrawApprovalInput = z.object({
  approvalId: z.uuid(),
  reason: OptionalNote,
  ...ActingFrom,
  /** When the OA says the instance was withdrawn (UTC); kept in the audit entry beside Acta's own time. */
  oaWithdrawnAt: z.iso.datetime().optional(),
});
export type WithdrawApprovalInput = z.input<typeof WithdrawApprovalInput>;

type Refused = { refused: { code: ReturnType<typeof endedRefusal>; params: Record<string, string> } };

/**
 * Withdraws (撤回) a pending request: the requester takes it back, or the fonds' archivist does for them, or
 * the OA reports that its applicant withdrew the instance there. Allowed for as long as the request is
 * pending, also after an earlier step approved (ADR 0016): the OAs allow it while their flow runs, and Acta
 * must follow what they report. The request row is locked like a decision's, so a withdrawal and a decision
 * racing are taken one after the other: the second is refused and kept in the history. Remaining steps are
 * skipped, the kind returns its subject to where it was before submission, whoever was waiting is told,
 * to-do style OAs get their completion message, and approval.withdrawn is audited, all in one transaction.
 * The OA withdraws as the system (ctx.actor null) on behalf of `oaUserId`, or as the mapped Acta user.
 */
export async function withdrawApproval(ctx: ServiceContext, raw: unknown): Promise<Result<DecisionOutcome>> {
  const input = WithdrawApprovalInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const w = input.data;
  const endedThrough = oaConnectorOf(w);
  if (!ctx.actor && (w.source !== "oa" || !w.oaUserId)) return fail("approval.withdrawer_required");

  const result = await atomically<DecisionOutcome | Refused>(ctx.db, async (tx) => {
    const { request, steps, seen } = await lockRequest(tx, { approvalId: w.approvalId, fondsId: w.fondsId, source: w.source, externalEventId: w.externalEventId });
    if (!request) return fail("approval.not_found");
    // The requester, or an archivist of the fonds; the OA's unmapped applicant is vouched for by the verified OA.
    if (ctx.actor && ctx.actor.userId !== request.requestedBy && !can(ctx.actor, "approval.withdraw", request.fondsId)) return fail("auth.forbidden");
    const current = steps.find((s) => s.state === "pending") ?? steps.findLast((s) => s.state !== "waiting");
    const now = ctx.now();
    const row = {
      requestId: request.id,
      stepId: current?.id ?? null,
      decision: "withdraw" as const,
      comment: w.reason,
      source: w.source,
      actorId: ctx.actor?.userId ?? null,
      oaUserId: w.oaUserId ?? null,
      externalEventId: w.externalEventId ?? null,
      createdAt: now,
    };
    const duplicate = async () => {
      await insertDecision(tx, row, "duplicate");
      return ok({ approvalId: request.id, state: request.state, outcome: "duplicate" as const });
    };
    if (seen) return duplicate();

    if (request.state !== "pending") {
      // Withdrawn already (here or in the OA): the same wish, so nothing to refuse and nothing to change.
      if (request.state === "cancelled") return duplicate();
      const ended = await endingDecision(tx, request, now);
      const code = endedRefusal(request);
      await recordRefusal(tx, ctx, request, row, code, { ...(w.oaWithdrawnAt && { oaWithdrawnAt: w.oaWithdrawnAt }), decidedBy: ended.params.by, decidedAs: ended.params.decision });
      return ok({ refused: { code, params: ended.params } });
    }

    const handler = approvalKindHandler(request.kind);
    if (!handler) return fail("approval.unknown_kind", { kind: request.kind });
    const withdrawn = { ...request, state: "cancelled" as const, decidedAt: now };
    await Promise.all([
      insertDecision(tx, row, "recorded"),
      tx
        .update(approvalSteps)
        .set({ state: "skipped" })
        .where(and(eq(approvalSteps.requestId, request.id), inArray(approvalSteps.state, ["waiting", "pending"]))),
      tx.update(approvalRequests).set({ state: "cancelled", decidedAt: now }).where(eq(approvalRequests.id, request.id)),
      enqueueOaCompletion(tx, request.id, endedThrough),
    ]);
    const consequence = await handler.onWithdrawn(tx, ctx, withdrawn, w.reason);
    if (!consequence.ok) return consequence;

    const by = ctx.actor?.displayName ?? row.oaUserId ?? "";
    const notice = { kind: "approval.notification.withdrawn", params: { title: request.title, kind: request.kind, by, reason: w.reason ?? "" }, link: approvalLink(request.id), at: now };
    // Those who were waiting to decide, and the requester when someone else withdrew for them.
    const notified = current?.state === "pending" ? await notifyRole(tx, request.fondsId, current.role, notice) : 0;
    if (ctx.actor?.userId !== request.requestedBy) await notifyUser(tx, request.requestedBy, notice);
    await appendAudit(tx, ctx, {
      action: "approval.withdrawn",
      targetType: "approval",
      targetId: request.id,
      fondsId: request.fondsId,
      data: {
        kind: request.kind,
        step: current?.seq ?? null,
        reason: w.reason,
        source: w.source,
        oaUserId: row.oaUserId,
        externalEventId: row.externalEventId,
        ...(w.oaWithdrawnAt && { oaWithdrawnAt: w.oaWithdrawnAt }),
        ...(endedThrough && { connectorId: endedThrough }),
        approvedSteps: steps.filter((s) => s.state === "approved").map((s) => s.seq),
        notified,
      },
    });
    return ok({ approvalId: request.id, state: "cancelled" as const, outcome: "recorded" as const });
  });

  if (!result.ok) return result;
  if ("refused" in result.value) return fail(result.value.refused.code, result.value.refused.params);
  return ok(result.value);
}
