import { OUTBOX_MAX_ATTEMPTS, OUTBOX_RETRY_DELAY_SECONDS } from "@/lib/oa/outbox/outbox-policy";

/** One queue per kind of job; a job's data names what to work on, the database row holds the rest. */
export const QUEUES = {
  // Before the import queue, whose jobs name it as their dead letter (pg-boss refers to it by key).
  erpImportCrashed: "erp-import-crashed",
  erpImport: "erp-import",
  oaDeliver: "oa-deliver",
  fixityAudit: "fixity-audit",
  auditAnchor: "audit-anchor",
  demoFiling: "demo-filing",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobData {
  "erp-import": { importId: string };
  "erp-import-crashed": { importId: string };
  "oa-deliver": { outboxId: string };
  "fixity-audit": Record<string, never>;
  "audit-anchor": Record<string, never>;
  "demo-filing": { importIds: string[] };
}

/**
 * Per-queue policy. An import may run for many minutes on a large file; a retry re-runs it from the
 * start, which is safe because runImport converges (identity + content hash).
 */
export const QUEUE_OPTIONS: Record<QueueName, { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number; deadLetter?: QueueName }> = {
  // A job that fails for good moves to erp-import-crashed, however its last attempt ended: thrown, or its
  // worker stopped or killed (pg-boss fails it on shutdown or expiry, and the handler never hears of it).
  "erp-import": { retryLimit: 3, retryDelay: 15, retryBackoff: true, expireInSeconds: 4 * 60 * 60, deadLetter: "erp-import-crashed" },
  "erp-import-crashed": { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 60 },
  "oa-deliver": { retryLimit: OUTBOX_MAX_ATTEMPTS - 1, retryDelay: OUTBOX_RETRY_DELAY_SECONDS, retryBackoff: true, expireInSeconds: 120 },
  // A full audit reads every stored byte once; pg-boss caps a job below 24 hours, so it gets 23.
  "fixity-audit": { retryLimit: 2, retryDelay: 600, retryBackoff: true, expireInSeconds: 23 * 60 * 60 },
  // An anchor reads the chain's head and counts the entries up to it; the next hour's run covers a missed one.
  "audit-anchor": { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 15 * 60 },
  // Asks every 5 s, for up to an hour, whether the demo's imports are done, then files in a few seconds.
  "demo-filing": { retryLimit: 720, retryDelay: 5, retryBackoff: false, expireInSeconds: 10 * 60 },
};
