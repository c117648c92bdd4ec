import { createReadStream, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { imports } from "@/db/schema";
import { fixture, makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { markImportCrashed } from "@/lib/erp/import/mark-import-crashed";
import { startImport } from "@/lib/erp/import/start-import";
import { QUEUES } from "./queues";
import { prepareQueues } from "./worker";

process.env.ACTA_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "acta-jobs-test-"));

let boss: PgBoss;

beforeAll(async () => {
  await prepareQueues(inject("databaseUrl"));
  boss = new PgBoss({ connectionString: inject("databaseUrl"), supervise: false, schedule: false, migrate: false, max: 1 });
  await boss.start();
}, 60_000);

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

describe("an import whose job fails for good without its handler knowing", () => {
  it("a worker stopped (or killed) on the import's last attempt: the job lands where the worker marks the import crashed", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const started = await startImport(systemContext(db), { connectorId: connector.id, file: createReadStream(fixture("canonical-json/vouchers.json")), fileName: "vouchers.json" });
    if (!started.ok) throw new Error(started.error.code);
    const importId = started.value.id;
    await db.update(imports).set({ state: "running" }).where(eq(imports.id, importId));
    // Its last attempt is running when the worker stops: pg-boss fails the job (failWip), as expiry does
    // for a killed worker; the handler's own catch never runs.
    const [job] = await db.execute<{ id: string }>(sql`
      update pgboss.job set state = 'active', started_on = now(), retry_count = retry_limit
      where name = ${QUEUES.erpImport} and data->>'importId' = ${importId} returning id`);
    await boss.fail(QUEUES.erpImport, job!.id, { message: "pg-boss shut down while active" });
    const dead = await db.execute<{ name: string; importId: string }>(sql`
      select name, data->>'importId' as "importId" from pgboss.job where data->>'importId' = ${importId} and name <> ${QUEUES.erpImport}`);
    expect(dead).toEqual([{ name: "erp-import-crashed", importId }]);
    // What the worker does with it: the import says how it ended instead of "running" for ever.
    await markImportCrashed(db, dead[0]!.importId);
    const [after] = await db.select({ state: imports.state, failure: imports.failure }).from(imports).where(eq(imports.id, importId));
    expect(after).toEqual({ state: "failed", failure: { code: "import.crashed" } });
  });
});
