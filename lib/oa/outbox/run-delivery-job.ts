import type { Db } from "@/db";
import { systemContext } from "@/lib/context";
import { deliverOaMessage } from "./deliver-oa-message";

/** Thrown only to hand the next try to the job queue, whose retryBackoff spaces the attempts. */
export class OaDeliveryRetry extends Error {
  constructor(outboxId: string) {
    super(`OA delivery ${outboxId} failed; the job queue retries it`);
  }
}

/** Where the OA's users reach Acta: ACTA_PUBLIC_URL in production, the local port otherwise. */
export function actaPublicUrl(): string {
  return process.env.ACTA_PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`;
}

/** The worker's handler for queue oa-deliver: one attempt; a failure that may pass later is retried. */
export async function runOaDeliveryJob(db: Db, outboxId: string): Promise<void> {
  const result = await deliverOaMessage(systemContext(db, "acta-oa-outbox"), { outboxId }, { fetch, publicBaseUrl: actaPublicUrl() });
  if (result.ok && result.value === "retry") throw new OaDeliveryRetry(outboxId);
}
