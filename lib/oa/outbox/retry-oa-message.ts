import { eq } from "drizzle-orm";
import { z } from "zod";
import { oaConnectors, oaOutbox } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";

const RetryInput = z.object({ id: z.uuid() });

/** Gives a dead outbox message a fresh set of attempts (after the OA or the connector was fixed). */
export async function retryOaMessage(ctx: ServiceContext, raw: unknown): Promise<Result<null>> {
  const input = RetryInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  return ctx.db.transaction(async (tx) => {
    const [message] = await tx
      .select({ id: oaOutbox.id, state: oaOutbox.state, approvalId: oaOutbox.approvalId, attempts: oaOutbox.attempts, fondsId: oaConnectors.fondsId, connectorId: oaOutbox.connectorId })
      .from(oaOutbox)
      .innerJoin(oaConnectors, eq(oaConnectors.id, oaOutbox.connectorId))
      .where(eq(oaOutbox.id, input.data.id))
      .for("update", { of: oaOutbox });
    if (!message) return fail("oa.outbox_not_found");
    if (!authorize(ctx, "admin.connectors", message.fondsId)) return fail("auth.forbidden");
    if (message.state !== "dead") return fail("oa.outbox_not_dead");
    await tx.update(oaOutbox).set({ state: "pending", attempts: 0, nextAttemptAt: ctx.now() }).where(eq(oaOutbox.id, message.id));
    await enqueue(tx, QUEUES.oaDeliver, { outboxId: message.id });
    await appendAudit(tx, ctx, {
      action: "oa_outbox.retried",
      targetType: "approval",
      targetId: message.approvalId,
      fondsId: message.fondsId,
      data: { outboxId: message.id, connectorId: message.connectorId, previousAttempts: message.attempts },
    });
    return ok(null);
  });
}
