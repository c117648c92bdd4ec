/** Deliveries to the OA: the first try and five retries, then the message is dead until an admin retries it. */
export const OUTBOX_MAX_ATTEMPTS = 6;
/** Exponential backoff: 10 s, 20 s, 40 s, 80 s, 160 s between tries (the job queue's retryBackoff). */
export const OUTBOX_RETRY_DELAY_SECONDS = 10;
/** A vendor that does not answer within this is treated as failed for this try. */
export const OUTBOX_HTTP_TIMEOUT_MS = 10_000;

/**
 * cancelled: nothing left to do, nothing done in the OA: the request ended before its create went out (so a
 * completion has nothing to end), or the OA refused a completion because the instance had already finished
 * there (ADR 0023).
 */
export type OutboxState = "pending" | "sent" | "dead" | "cancelled";

export function nextAttemptAt(now: Date, attempts: number): Date {
  return new Date(now.getTime() + OUTBOX_RETRY_DELAY_SECONDS * 1000 * 2 ** Math.max(0, attempts - 1));
}
