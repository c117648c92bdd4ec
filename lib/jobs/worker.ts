import PgBoss from "pg-boss";
import { type Db, type DbHandle, createDb } from "@/db";
import { AUDIT_ANCHOR_CRON, runScheduledAuditAnchor } from "@/lib/audit/anchor-audit-chain";
import { fileDemoPeriods } from "@/lib/demo/file-demo-periods";
import { markImportCrashed } from "@/lib/erp/import/mark-import-crashed";
import { runImport } from "@/lib/erp/import/run-import";
import { FIXITY_CRON, runScheduledFixityAudit } from "@/lib/fixity/fixity-schedule";
import { TIME_ZONE } from "@/lib/i18n/config";
import { runOaDeliveryJob } from "@/lib/oa/outbox/run-delivery-job";
import { type JobData, QUEUE_OPTIONS, QUEUES } from "./queues";
import { recoverStalledImports } from "./recover-stalled-imports";

interface Running {
  boss: PgBoss;
  db: DbHandle;
  recovery: NodeJS.Timeout;
}

/** How often the worker looks for imports whose worker died (lib/jobs/recover-stalled-imports). */
const RECOVERY_EVERY_MS = 60_000;

let running: Running | undefined;

export interface WorkerOptions {
  url: string;
  /** Called with what went wrong in a job or in the queue itself; the job is retried by its policy. */
  onError?: (error: Error) => void;
}

/**
 * Starts the background worker on the application database (pg-boss keeps its tables in the pgboss
 * schema, ADR 0005). Creates the queues, so enqueue() works from the first request on.
 */
export async function startWorker({ url, onError }: WorkerOptions): Promise<void> {
  if (running) return;
  const boss = await startQueues(url, onError);
  const db = createDb(url, { max: 4 });
  const recover = () => recoverStalledImports(db.db).catch((e: Error) => onError?.(e));
  const recovery = setInterval(recover, RECOVERY_EVERY_MS);
  recovery.unref();
  running = { boss, db, recovery };
  // At once too: a worker starting after a crash finds its own dead run (on its last beat's clock).
  await recover();
  await boss.work<JobData["erp-import"]>(QUEUES.erpImport, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    try {
      // A failed import is a finished job (its row says why); only a crash is thrown and retried.
      return await runImport(db.db, job.data.importId);
    } catch (error) {
      onError?.(error as Error);
      if (job.retryCount >= job.retryLimit) await markImportCrashed(db.db, job.data.importId);
      throw error;
    }
  });
  // The import's job failed for good (see QUEUE_OPTIONS): its import says so instead of "running" for ever.
  await boss.work<JobData["erp-import-crashed"]>(QUEUES.erpImportCrashed, { batchSize: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
    if (job) await markImportCrashed(db.db, job.data.importId);
  });
  await boss.work<JobData["oa-deliver"]>(QUEUES.oaDeliver, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await runOaDeliveryJob(db.db, job.data.outboxId);
  });
  await boss.work<JobData["demo-filing"]>(QUEUES.demoFiling, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    let outcome;
    try {
      outcome = await fileDemoPeriods(db.db, job.data.importIds);
    } catch (error) {
      // The demo stays as imported; retrying what failed would only fail again.
      onError?.(error as Error);
      return;
    }
    // Thrown, so the queue's retry policy asks again shortly; the demo's imports run meanwhile.
    if (outcome === "waiting") throw new Error("the demo's imports are still running");
  });
  // DA/T 70 4.3.1.2: a sample every quarter, the whole store every two years (lib/fixity/fixity-schedule).
  await boss.schedule(QUEUES.fixityAudit, FIXITY_CRON, {}, { tz: TIME_ZONE });
  await boss.work<JobData["fixity-audit"]>(QUEUES.fixityAudit, { batchSize: 1, pollingIntervalSeconds: 60 }, async ([job]) => {
    if (job) await runScheduledFixityAudit(db.db);
  });
  await workAuditAnchors(boss, db.db, onError);
}

/** The chain's head recorded outside the database each hour (ADR 0018): scheduled, and worked by this process. */
export async function workAuditAnchors(boss: PgBoss, db: Db, onError?: (error: Error) => void): Promise<void> {
  await boss.schedule(QUEUES.auditAnchor, AUDIT_ANCHOR_CRON, {}, { tz: TIME_ZONE });
  await boss.work<JobData["audit-anchor"]>(QUEUES.auditAnchor, { batchSize: 1, pollingIntervalSeconds: 10 }, async ([job]) => {
    if (!job) return;
    try {
      await runScheduledAuditAnchor(db);
    } catch (error) {
      // Logged, not only failed in the queue: an anchor file gone or forged is evidence someone must see.
      onError?.(error as Error);
      throw error;
    }
  });
}

/** Starts pg-boss (creating or migrating its schema) and every queue, without working any job. */
async function startQueues(url: string, onError?: (error: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, max: 3, application_name: "acta-worker" });
  boss.on("error", (e: Error) => onError?.(e));
  await boss.start();
  for (const name of Object.values(QUEUES)) await boss.createQueue(name, { name, ...QUEUE_OPTIONS[name] });
  return boss;
}

/** For a process that only enqueues (tests, CLI): the queue's tables and queues exist afterwards. */
export async function prepareQueues(url: string): Promise<void> {
  const boss = await startQueues(url);
  await boss.stop({ graceful: false, wait: true });
}

/**
 * Lets a running job finish (up to `timeoutMs`), then closes the queue's and the worker's connections. A
 * job still running then is abandoned at once, not waited for again: its import converges when the job
 * runs again, as after a crash.
 */
export async function stopWorker(timeoutMs = 30_000): Promise<void> {
  const r = running;
  if (!r) return;
  running = undefined;
  clearInterval(r.recovery);
  await r.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
  await r.db.sql.end({ timeout: 0 });
}
