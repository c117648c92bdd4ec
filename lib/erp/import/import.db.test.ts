import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { auditEvents, importErrors, imports, records, voucherLines, vouchers } from "@/db/schema";
import { testDb } from "@/db/test/setup";
import { contextFor, makeUser } from "@/db/test/factories";
import { fixture, importFile, makeConnector } from "@/db/test/import-factories";
import { systemContext } from "@/lib/context";
import { prepareQueues } from "@/lib/jobs/worker";

process.env.ACTA_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "acta-import-test-"));

beforeAll(async () => {
  await prepareQueues(inject("databaseUrl"));
}, 60_000);

describe("importing an ERP file", () => {
  it("imports a K/3 export end to end, then a second upload changes nothing", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const user = await makeUser(db, [{ role: "accountant", fondsId: fonds.id }]);
    const ctx = contextFor(db, user.actor);
    const first = await importFile(ctx, connector.id, fixture("kingdee-k3/voucher-export-gbk.csv"));
    expect(first.started.ok).toBe(true);
    expect(first.run).toMatchObject({ ok: true, value: { state: "succeeded" } });
    const run = first.run!.ok ? first.run!.value : null;
    expect(run!.counts.created).toBeGreaterThan(0);
    expect(run!.counts).toMatchObject({ updated: 0, unchanged: 0, rejected: 0, conflicts: 0 });
    const stored = await db.select().from(records).where(eq(records.fondsId, fonds.id));
    expect(stored).toHaveLength(run!.counts.created);
    expect(stored.every((r) => r.category === "voucher" && r.materialType === "voucher" && r.retention === "Y30" && r.state === "collected")).toBe(true);
    const [imp] = await db.select().from(imports).where(eq(imports.id, first.started.ok ? first.started.value.id : ""));
    expect(imp).toMatchObject({ state: "succeeded", progress: 100, formatId: "kingdee-k3" });
    expect((imp!.detection as { encoding: string }).encoding).toBe("gb18030");

    const again = await importFile(ctx, connector.id, fixture("kingdee-k3/voucher-export-gbk.csv"));
    const second = again.run!.ok ? again.run!.value : null;
    expect(second!.counts).toMatchObject({ created: 0, updated: 0, unchanged: run!.counts.created });
    const lines = await db.select({ n: sql<number>`count(*)::int` }).from(voucherLines).innerJoin(records, eq(records.id, voucherLines.recordId)).where(eq(records.fondsId, fonds.id));
    expect(lines[0]!.n).toBeGreaterThan(run!.counts.created);
  });

  it("rejects bad rows and unbalanced vouchers with reasons while the valid ones import", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const { started, run } = await importFile(systemContext(db), connector.id, fixture("errors/k3-with-errors.csv"));
    expect(run).toMatchObject({ ok: true, value: { state: "succeeded", counts: { rows: 5, vouchers: 3, created: 0, rejected: 4 } } });
    const errors = await db.select().from(importErrors).where(eq(importErrors.importId, started.ok ? started.value.id : "")).orderBy(asc(importErrors.rowNo));
    expect(errors.map((e) => [e.rowNo, e.code])).toEqual([
      [2, "erp.amount_invalid"],
      [3, "erp.date_invalid"],
      [4, "erp.field_required"],
      [5, "erp.unbalanced"],
    ]);
  });
});
