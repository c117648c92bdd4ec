import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db";
import { oaConnectors, oaOutbox } from "@/db/schema";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { oaKindsClosingTodos } from "../adapters";

/**
 * Called in the transaction that ends an approval request: to-do style OAs (Weaver, Seeyon) keep an
 * approver's to-do open until told, so each connector that was asked to create one gets a message to
 * close it. Whether there is anything to close is decided at delivery, after the create has settled.
 */
export async function enqueueOaCompletion(tx: Tx, approvalId: string): Promise<number> {
  const created = await tx
    .select({ connectorId: oaOutbox.connectorId })
    .from(oaOutbox)
    .innerJoin(oaConnectors, eq(oaConnectors.id, oaOutbox.connectorId))
    .where(and(eq(oaOutbox.approvalId, approvalId), eq(oaOutbox.kind, "create"), inArray(oaConnectors.kind, [...oaKindsClosingTodos])));
  if (created.length === 0) return 0;
  const messages = await tx
    .insert(oaOutbox)
    .values(created.map(({ connectorId }) => ({ connectorId, approvalId, kind: "complete" as const })))
    .onConflictDoNothing()
    .returning({ id: oaOutbox.id });
  for (const message of messages) await enqueue(tx, QUEUES.oaDeliver, { outboxId: message.id });
  return messages.length;
}
