import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { oaConnectors, oaOutbox } from "@/db/schema";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";

/**
 * Called in the transaction that creates an approval request: one outbox message per active OA
 * connector of the fonds, and its delivery job, exist exactly when the request does. The unique key
 * (connector, approval, kind) keeps a second call from sending anything twice.
 */
export async function enqueueOaApproval(tx: Tx, request: { approvalId: string; fondsId: string }): Promise<number> {
  const connectors = await tx
    .select({ id: oaConnectors.id })
    .from(oaConnectors)
    .where(and(eq(oaConnectors.fondsId, request.fondsId), eq(oaConnectors.isActive, true)));
  let queued = 0;
  for (const connector of connectors) {
    const [message] = await tx
      .insert(oaOutbox)
      .values({ connectorId: connector.id, approvalId: request.approvalId, kind: "create" })
      .onConflictDoNothing()
      .returning({ id: oaOutbox.id });
    if (!message) continue;
    await enqueue(tx, QUEUES.oaDeliver, { outboxId: message.id });
    queued += 1;
  }
  return queued;
}
