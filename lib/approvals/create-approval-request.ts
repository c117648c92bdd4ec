import { z } from "zod";
import type { Tx } from "@/db";
import { approvalRequests, approvalSteps } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { enqueueOaApproval } from "@/lib/oa/outbox/enqueue-oa-approval";
import { approvalLink, notifyRole } from "./notify";
import { APPROVAL_KINDS, approvalKindHandler } from "./registry";
import "./registered-kinds";

export const CreateApprovalRequestInput = z.object({
  fondsId: z.uuid(),
  kind: z.enum(APPROVAL_KINDS),
  subjectId: z.uuid(),
  title: z.string().trim().min(1).max(300),
});

/**
 * Opens a request in the submitter's transaction (the subject and its request exist together or not at
 * all). The submitting service has already authorised its own action; the first step's approvers are
 * notified in the app.
 */
export async function createApprovalRequest(tx: Tx, ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string; steps: string[] }>> {
  const input = CreateApprovalRequestInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!ctx.actor) return fail("approval.requester_required");
  const { fondsId, kind, subjectId, title } = input.data;
  const handler = approvalKindHandler(kind);
  if (!handler) return fail("approval.unknown_kind", { kind });
  const roles = handler.steps(fondsId);
  if (roles.length === 0) return fail("approval.no_steps", { kind });
  const now = ctx.now();
  const [request] = await tx
    .insert(approvalRequests)
    .values({ fondsId, kind, subjectId, title, requestedBy: ctx.actor.userId, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: approvalRequests.id });
  if (!request) return fail("approval.already_requested", { kind, subjectId });
  await tx.insert(approvalSteps).values(roles.map((role, i) => ({ requestId: request.id, seq: i + 1, role, state: i === 0 ? ("pending" as const) : ("waiting" as const) })));
  const notified = await notifyRole(tx, fondsId, roles[0]!, {
    kind: "approval.notification.pending",
    params: { title, kind, requester: ctx.actor.displayName },
    link: approvalLink(request.id),
    at: now,
  });
  await enqueueOaApproval(tx, { approvalId: request.id, fondsId });
  await appendAudit(tx, ctx, { action: "approval.requested", targetType: "approval", targetId: request.id, fondsId, data: { kind, subjectId, title, steps: [...roles], notified } });
  return ok({ id: request.id, steps: [...roles] });
}
