import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { auditEvents } from "@/db/schema";
import { atomically } from "@/lib/atomically";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok, type Result } from "@/lib/errors";
import type { DecisionOutcome } from "./decide-approval";
import { ActingFrom, OptionalNote } from "./decision-comment";
import { endedRefusal, lockRequest } from "./lock-request";
import { approvalLink, notifyRole } from "./notify";

export const RecordOaRevocationInput = z.object({
  approvalId: z.uuid(),
  /** The connector's fonds: an OA reports only on requests of its own fonds. */
  fondsId: z.uuid(),
  /** Who revoked it in the OA, or `oa:<connector>` when the vendor names no one. */
  oaUserId: ActingFrom.oaUserId.unwrap(),
  /** Who revoked it, as people read it: the mapped Acta user's name, else the OA account, else the connector's name. */
  revokedByName: z.string().trim().min(1).max(200),
  externalEventId: ActingFrom.externalEventId,
  reason: OptionalNote,
  /** When the OA says the approval was revoked (UTC). */
  oaRevokedAt: z.iso.datetime(),
});

const REVOKED = "approval.revoked_in_oa";

/**
 * The OA revoked an instance after it was approved (WeCom 通过后撤销, Feishu REVERTED). The approval stands in
 * Acta: what it did (a filing's archives) is immutable and no OA event undoes it (ADR 0016). But the evidence of
 * approval is now contested, so the fonds' archivists are told and the revocation is audited, in one
 * transaction under the request's lock; the same revocation reported again (a redelivery, or a new event for
 * the same instance) is a duplicate and tells no one twice. Only a verified OA reports it (ctx.actor null).
 * A request still pending in Acta is answered `approval.not_approved`, so the OA sends it again once its
 * approval has arrived; one that ended otherwise is refused like a late decision.
 */
export async function recordOaRevocation(ctx: ServiceContext, raw: unknown): Promise<Result<DecisionOutcome>> {
  const input = RecordOaRevocationInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (ctx.actor) return fail("auth.forbidden");
  const r = input.data;

  return atomically<DecisionOutcome>(ctx.db, async (tx) => {
    const { request } = await lockRequest(tx, { approvalId: r.approvalId, fondsId: r.fondsId, source: "oa" });
    if (!request) return fail("approval.not_found");
    if (request.state === "pending") return fail("approval.not_approved");
    if (request.state !== "approved") return fail(endedRefusal(request));
    const [told] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetType, "approval"), eq(auditEvents.targetId, request.id), eq(auditEvents.action, REVOKED)))
      .limit(1);
    if (told) return ok({ approvalId: request.id, state: request.state, outcome: "duplicate" });

    const at = ctx.now();
    const notified = await notifyRole(tx, request.fondsId, "archivist", {
      kind: "approval.notification.revoked_in_oa",
      params: { title: request.title, kind: request.kind, by: r.revokedByName, reason: r.reason ?? "", hasReason: r.reason ? "yes" : "no" },
      link: approvalLink(request.id),
      at,
    });
    await appendAudit(tx, ctx, {
      action: REVOKED,
      targetType: "approval",
      targetId: request.id,
      fondsId: request.fondsId,
      data: {
        kind: request.kind,
        subjectId: request.subjectId,
        state: request.state,
        oaUserId: r.oaUserId,
        revokedByName: r.revokedByName,
        externalEventId: r.externalEventId ?? null,
        reason: r.reason,
        oaRevokedAt: r.oaRevokedAt,
        notified,
      },
    });
    return ok({ approvalId: request.id, state: request.state, outcome: "recorded" });
  });
}
