import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Db } from "@/db";
import { erpConnectors, fonds, imports } from "@/db/schema";
import { testDb } from "@/db/test/setup";
import { runImport } from "@/lib/erp/import/run-import";
import { prepareQueues } from "@/lib/jobs/worker";
import { DEMO_COMPANIES } from "@/lib/demo/demo-exports";
import { seedDemo } from "./demo";
import { seedDemoImports } from "./demo-imports";

beforeAll(() => prepareQueues(inject("databaseUrl")));

describe("demo imports", () => {
  it("gives each demo fonds a connector and imports its year through the real path, refusing the deliberate flaws", { timeout: 300_000 }, async () => {
    const { db } = testDb();
    await seedDemo(db as Db);
    const { importIds } = await seedDemoImports(db as Db);
    expect(importIds).toHaveLength(2);
    for (const id of importIds) expect((await runImport(db as Db, id)).ok).toBe(true);
    const rows = await db.select({ state: imports.state, counts: imports.counts, code: fonds.code }).from(imports).innerJoin(fonds, eq(fonds.id, imports.fondsId)).where(inArray(imports.id, importIds));
    for (const r of rows) {
      const months = 12 * DEMO_COMPANIES[r.code as "Z001" | "Z002"].vouchersPerMonth;
      expect(r.state).toBe("succeeded");
      expect(r.counts.vouchers).toBe(months);
      // Unbalanced, dated outside its period and missing an account are rejected; citing an invoice
      // another voucher already claimed (重复报销) is refused as a conflict.
      expect(r.counts).toMatchObject({ rejected: 3, conflicts: 1 });
      expect(r.counts.created).toBe(months - 4);
    }
    const connectors = await db.select({ name: erpConnectors.name }).from(erpConnectors).innerJoin(fonds, eq(fonds.id, erpConnectors.fondsId)).where(inArray(fonds.code, ["Z001", "Z002"]));
    expect(connectors.map((c) => c.name).sort()).toEqual(["演示 ERP · 用友 U8 凭证", "演示 ERP · 金蝶 K/3 / KIS 凭证引出"]);
  });
});
