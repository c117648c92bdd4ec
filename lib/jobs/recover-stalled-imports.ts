import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { appendAudit } from "@/lib/audit/append-audit";
import { systemContext } from "@/lib/context";
import { IMPORT_HEARTBEAT_MS } from "@/lib/erp/import/import-heartbeat";
import { jobsIn } from "./enqueue";
import { QUEUES } from "./queues";

/** Ten missed heartbeats: long enough that a busy database cannot fake a death, short enough to be a pause. */
export const IMPORT_STALLED_AFTER_SECONDS = (10 * IMPORT_HEARTBEAT_MS) / 1000;

/**
 * Imports whose worker died mid-run (killed, out of memory, the machine lost) are handed back to the
 * queue: their job is failed as pg-boss itself fails an expired one, so its retry policy runs it again
 * within seconds (the run converges, run-import.ts) or, after the last attempt, the dead-letter queue
 * marks the import crashed. Without this an import would show "running" until its job expired hours
 * later. A run is dead when its heartbeat (or, before its first beat, its job's start) is older than
 * `staleSeconds`, by the database's clock. Safe to run from several workers at once: the job rows are
 * locked, and a job another worker already handed back is no longer active.
 */
export async function recoverStalledImports(db: Db, staleSeconds = IMPORT_STALLED_AFTER_SECONDS): Promise<string[]> {
  const ctx = systemContext(db, "acta-worker");
  return db.transaction(async (tx) => {
    const stalled = await tx.execute<{ jobId: string; importId: string; fondsId: string; lastSign: Date | string; retryCount: number }>(sql`
      select j.id as "jobId", i.id as "importId", i.fonds_id as "fondsId", coalesce(i.heartbeat_at, j.started_on) as "lastSign", j.retry_count as "retryCount"
      from pgboss.job j
      join imports i on i.id::text = j.data->>'importId'
      where j.name = ${QUEUES.erpImport} and j.state = 'active'
        and coalesce(i.heartbeat_at, j.started_on) < now() - make_interval(secs => ${staleSeconds})
      order by j.id
      for update of j skip locked`);
    if (stalled.length === 0) return [];
    const { boss, db: onTx } = jobsIn(tx);
    for (const s of stalled) {
      await boss.fail(QUEUES.erpImport, s.jobId, { message: "import.stalled" }, { db: onTx });
      await appendAudit(tx, ctx, {
        action: "import.stalled",
        targetType: "import",
        targetId: s.importId,
        fondsId: s.fondsId,
        data: { lastHeartbeat: new Date(s.lastSign).toISOString(), attempt: s.retryCount + 1 },
      });
    }
    return stalled.map((s) => s.importId);
  });
}
