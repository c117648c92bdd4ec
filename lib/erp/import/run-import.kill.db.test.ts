import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { importErrors, imports, records, voucherLines, vouchers } from "@/db/schema";
import { importFile, makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { prepareQueues } from "@/lib/jobs/worker";
import { writeK3Csv } from "@/scripts/lib/generate-k3-csv";
import { runImport } from "./run-import";
import { startImport } from "./start-import";

process.env.ACTA_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "acta-import-test-"));
const work = mkdtempSync(path.join(os.tmpdir(), "acta-kill-test-"));
const csv = path.join(work, "k3-vouchers.csv");
const VOUCHERS = 5000;

beforeAll(async () => {
  await prepareQueues(inject("databaseUrl"));
  await writeK3Csv(csv, VOUCHERS * 4);
}, 120_000);

/** Everything an import leaves in a fonds, without ids and timestamps, in a stable order. */
async function snapshot(fondsId: string, importId: string) {
  const { db } = testDb();
  const heads = await db
    .select({ key: records.sourceKey, hash: records.contentHash, title: records.title, amount: records.amount, state: records.state, date: vouchers.voucherDate, debit: vouchers.debitTotal })
    .from(records)
    .innerJoin(vouchers, eq(vouchers.recordId, records.id))
    .where(eq(records.fondsId, fondsId))
    .orderBy(asc(records.sourceKey));
  const lines = await db
    .select({ key: records.sourceKey, seq: voucherLines.seq, account: voucherLines.accountCode, debit: voucherLines.debit, credit: voucherLines.credit, dimensions: voucherLines.dimensions })
    .from(voucherLines)
    .innerJoin(records, eq(records.id, voucherLines.recordId))
    .where(eq(records.fondsId, fondsId))
    .orderBy(asc(records.sourceKey), asc(voucherLines.seq));
  const [imp] = await db.select({ state: imports.state, counts: imports.counts, progress: imports.progress, formatId: imports.formatId }).from(imports).where(eq(imports.id, importId));
  const errors = await db.select({ row: importErrors.rowNo, code: importErrors.code }).from(importErrors).where(eq(importErrors.importId, importId)).orderBy(asc(importErrors.id));
  return { heads, lines, imp, errors };
}

describe("an import killed mid-way", () => {
  it("converges on exactly the state of an uninterrupted run when run again", async () => {
    const { db } = testDb();
    const reference = await makeConnector(db, { sourceSystem: "k3-main" });
    const clean = await importFile(systemContext(db), reference.connector.id, csv);
    expect(clean.run).toMatchObject({ ok: true, value: { state: "succeeded", counts: { created: VOUCHERS } } });

    const crashed = await makeConnector(db, { sourceSystem: "k3-main" });
    const started = await startImport(systemContext(db), { connectorId: crashed.connector.id, file: createReadStream(csv), fileName: "k3-vouchers.csv" });
    if (!started.ok) throw new Error(started.error.code);
    const importId = started.value.id;
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../../../db/test/run-import-child.ts"), inject("databaseUrl"), importId], {
      env: { ...process.env },
      stdio: "ignore",
    });
    const exited = new Promise((r) => child.once("exit", r));
    let seen = 0;
    // Kill once some (not all) vouchers are committed: the worker dies between or inside a batch. Polled
    // often, so the kill follows the first batch's commit closely: the later batches must not all commit first.
    for (let i = 0; i < 6000 && seen === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const [row] = await db.select({ counts: imports.counts, state: imports.state }).from(imports).where(eq(imports.id, importId));
      if (row!.state !== "running" && row!.state !== "queued") break;
      seen = row!.counts.created;
    }
    child.kill("SIGKILL");
    await exited;
    const [killed] = await db.select({ state: imports.state }).from(imports).where(eq(imports.id, importId));
    const partial = await db.select({ id: records.id }).from(records).where(eq(records.fondsId, crashed.fonds.id));
    expect(killed!.state).toBe("running");
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(VOUCHERS);
    // Every voucher written so far is whole: its lines are all there.
    const orphans = await db.execute(
      sql`select r.id from records r left join voucher_lines l on l.record_id = r.id where r.fonds_id = ${crashed.fonds.id} group by r.id having count(l.id) <> 4`,
    );
    expect(orphans).toHaveLength(0);

    const rerun = await runImport(db, importId);
    expect(rerun).toMatchObject({ ok: true, value: { state: "succeeded" } });
    const a = await snapshot(reference.fonds.id, valueId(clean.started));
    const b = await snapshot(crashed.fonds.id, importId);
    expect(b).toEqual(a);
  }, 600_000);
});

function valueId(r: { ok: true; value: { id: string } } | { ok: false }): string {
  if (!r.ok) throw new Error("import did not start");
  return r.value.id;
}
