import { createReadStream, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";
import { auditEvents, imports } from "@/db/schema";
import { fixture, makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { keepImportAlive } from "@/lib/erp/import/import-heartbeat";
import { startImport } from "@/lib/erp/import/start-import";
import { QUEUES } from "./queues";
import { IMPORT_STALLED_AFTER_SECONDS, recoverStalledImports } from "./recover-stalled-imports";
import { prepareQueues } from "./worker";

process.env.ACTA_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "acta-jobs-test-"));

beforeAll(async () => {
  await prepareQueues(inject("databaseUrl"));
}, 60_000);

/** An import whose job a worker took `minutesAgo` and whose last heartbeat is `beatMinutesAgo` old (null: none yet). */
async function runningImport(opts: { minutesAgo: number; beatMinutesAgo: number | null; lastAttempt?: boolean }) {
  const { db } = testDb();
  const { connector } = await makeConnector(db);
  const started = await startImport(systemContext(db), { connectorId: connector.id, file: createReadStream(fixture("canonical-json/vouchers.json")), fileName: "vouchers.json" });
  if (!started.ok) throw new Error(started.error.code);
  const importId = started.value.id;
  const beat = opts.beatMinutesAgo === null ? sql`null` : sql`now() - make_interval(mins => ${opts.beatMinutesAgo})`;
  await db.execute(sql`update imports set state = 'running', heartbeat_at = ${beat} where id = ${importId}`);
  const [job] = await db.execute<{ id: string }>(sql`
    update pgboss.job set state = 'active', started_on = now() - make_interval(mins => ${opts.minutesAgo})
      ${opts.lastAttempt ? sql`, retry_count = retry_limit` : sql``}
    where name = ${QUEUES.erpImport} and data->>'importId' = ${importId} returning id`);
  return { db, importId, jobId: job!.id };
}

async function jobStates(importId: string) {
  const { db } = testDb();
  return db.execute<{ name: string; state: string }>(sql`select name, state::text from pgboss.job where data->>'importId' = ${importId} order by name`);
}

describe("imports whose worker died mid-run", () => {
  it("a run whose heartbeat stopped goes back to the queue at once, audited, and only once", async () => {
    const { db, importId } = await runningImport({ minutesAgo: 20, beatMinutesAgo: 11 });
    expect(await recoverStalledImports(db)).toContain(importId);
    // Retried by the queue's policy (a few seconds), not after the job's hours-long expiry.
    expect(await jobStates(importId)).toEqual([{ name: QUEUES.erpImport, state: "retry" }]);
    const audit = await db.select({ data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.action, "import.stalled"), eq(auditEvents.targetId, importId)));
    expect(audit).toEqual([{ data: expect.objectContaining({ attempt: 1, lastHeartbeat: expect.any(String) }) }]);
    // A second pass (another worker, the next minute) finds nothing left to hand back.
    expect(await recoverStalledImports(db)).not.toContain(importId);
    expect(await db.$count(auditEvents, and(eq(auditEvents.action, "import.stalled"), eq(auditEvents.targetId, importId)))).toBe(1);
  });

  it("a long run that still beats is left alone, however long ago it started", async () => {
    const { db, importId } = await runningImport({ minutesAgo: 180, beatMinutesAgo: 0 });
    expect(await recoverStalledImports(db)).not.toContain(importId);
    expect(await jobStates(importId)).toEqual([{ name: QUEUES.erpImport, state: "active" }]);
  });

  it("a job taken by a worker that died before the import's first beat is judged by when the job started", async () => {
    const fresh = await runningImport({ minutesAgo: 1, beatMinutesAgo: null });
    const dead = await runningImport({ minutesAgo: 11, beatMinutesAgo: null });
    const recovered = await recoverStalledImports(dead.db);
    expect(recovered).toContain(dead.importId);
    expect(recovered).not.toContain(fresh.importId);
  });

  it("on its last attempt the job goes to the dead-letter queue, whose worker marks the import crashed", async () => {
    const { db, importId } = await runningImport({ minutesAgo: 20, beatMinutesAgo: 15, lastAttempt: true });
    expect(await recoverStalledImports(db)).toContain(importId);
    expect(await jobStates(importId)).toEqual([
      { name: QUEUES.erpImport, state: "failed" },
      { name: QUEUES.erpImportCrashed, state: "created" },
    ]);
  });

  it("waits ten missed heartbeats before calling a run dead", () => {
    expect(IMPORT_STALLED_AFTER_SECONDS).toBe(300);
  });
});

describe("the heartbeat of a running import", () => {
  it("is written while the import runs and stops with it", async () => {
    const { db, importId } = await runningImport({ minutesAgo: 20, beatMinutesAgo: 20 });
    const beatAge = async () => {
      const [row] = await db.execute<{ age: number }>(sql`select extract(epoch from now() - heartbeat_at)::float8 as age from imports where id = ${importId}`);
      return row!.age;
    };
    const alive = keepImportAlive(db, importId, 20);
    await vi.waitFor(async () => expect(await beatAge()).toBeLessThan(60), { timeout: 5000 });
    await alive.stop();
    // Stopped: an old heartbeat stays old.
    await db.execute(sql`update imports set heartbeat_at = now() - interval '20 minutes' where id = ${importId}`);
    await new Promise((r) => setTimeout(r, 100));
    expect(await beatAge()).toBeGreaterThan(600);
  });

  it("never touches an import that is no longer running", async () => {
    const { db, importId } = await runningImport({ minutesAgo: 20, beatMinutesAgo: null });
    await db.update(imports).set({ state: "succeeded" }).where(eq(imports.id, importId));
    await keepImportAlive(db, importId, 1000).stop();
    const [row] = await db.select({ heartbeatAt: imports.heartbeatAt }).from(imports).where(eq(imports.id, importId));
    expect(row!.heartbeatAt).toBeNull();
  });
});
