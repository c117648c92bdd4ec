import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db";
import { oaConnectors, oaOutbox } from "@/db/schema";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { connectorCompletes, oaKindsEndingOwnInstance, oaKindsWithCompletion } from "../adapters";

/**
 * Called in the transaction that ends an approval request: each connector that was asked to create the
 * request there gets a message to end it (ADR 0012, 0021). To-do OAs keep an approver's to-do open until
 * told; workflow OAs keep the instance pending, its approvers still asked. `endedThrough` is the connector
 * whose own event ended the request: a workflow OA's instance ended with that event, so it is not told.
 * A WeCom connector is told only when it names an app to send its approvers a message (ADR 0024).
 * Whether there is anything to end is decided at delivery, after the create has settled.
 */
export async function enqueueOaCompletion(tx: Tx, approvalId: string, endedThrough?: string): Promise<number> {
  const created = await tx
    .select({ connectorId: oaOutbox.connectorId, kind: oaConnectors.kind, config: oaConnectors.config, baseUrl: oaConnectors.baseUrl })
    .from(oaOutbox)
    .innerJoin(oaConnectors, eq(oaConnectors.id, oaOutbox.connectorId))
    .where(and(eq(oaOutbox.approvalId, approvalId), eq(oaOutbox.kind, "create"), inArray(oaConnectors.kind, [...oaKindsWithCompletion])));
  const toTell = created.filter(
    // The settings as the connector loads them (loadOaRuntime): the base URL is kept in its own column.
    ({ connectorId, kind, config, baseUrl }) =>
      (connectorId !== endedThrough || !oaKindsEndingOwnInstance.includes(kind)) && connectorCompletes(kind, { ...config, baseUrl }),
  );
  if (toTell.length === 0) return 0;
  const messages = await tx
    .insert(oaOutbox)
    .values(toTell.map(({ connectorId }) => ({ connectorId, approvalId, kind: "complete" as const })))
    .onConflictDoNothing()
    .returning({ id: oaOutbox.id });
  for (const message of messages) await enqueue(tx, QUEUES.oaDeliver, { outboxId: message.id });
  return messages.length;
}
