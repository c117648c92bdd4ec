import { and, count, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Db } from "@/db";
import { approvalRequests, approvalSteps, erpConnectors, filings, fonds, imports, recordLinks, records, sourceDocuments } from "@/db/schema";
import { testDb } from "@/db/test/setup";
import { runImport } from "@/lib/erp/import/run-import";
import { prepareQueues } from "@/lib/jobs/worker";
import { searchRecords } from "@/lib/search/search-records";
import { systemContext } from "@/lib/context";
import { DEMO_COMPANIES, DEMO_FISCAL_YEAR, demoLedger } from "@/lib/demo/demo-exports";
import { DEMO_FILED_PERIODS, DEMO_PENDING_PERIOD, fileDemoPeriods } from "@/lib/demo/file-demo-periods";
import { seedDemo } from "./demo";
import { seedDemoImports } from "./demo-imports";

beforeAll(() => prepareQueues(inject("databaseUrl")));

describe("demo imports", () => {
  it("gives each demo fonds a connector and imports its year through the real path, refusing the deliberate flaws", { timeout: 300_000 }, async () => {
    const { db } = testDb();
    await seedDemo(db as Db);
    const { importIds } = await seedDemoImports(db as Db);
    expect(importIds).toHaveLength(3);
    // The demo's filing waits for what the imports bring.
    expect(await fileDemoPeriods(db as Db, importIds)).toBe("waiting");
    for (const id of importIds) expect((await runImport(db as Db, id)).ok).toBe(true);
    const rows = await db
      .select({ state: imports.state, counts: imports.counts, code: fonds.code, fileName: imports.fileName, connectorId: imports.connectorId })
      .from(imports)
      .innerJoin(fonds, eq(fonds.id, imports.fondsId))
      .where(inArray(imports.id, importIds));
    const isPackage = (r: (typeof rows)[number]) => r.fileName.endsWith(".zip");
    const pkg = rows.find(isPackage);
    const voucherFiles = rows.filter((r) => !isPackage(r));
    // The parent's January package, after its CSV: the same vouchers unchanged, now with their invoices and receipts.
    expect(pkg).toMatchObject({ code: "Z001", state: "succeeded", counts: { vouchers: DEMO_COMPANIES.Z001.vouchersPerMonth, created: 0, rejected: 0 } });
    expect(voucherFiles.find((r) => r.code === "Z001")?.connectorId).toBe(pkg!.connectorId);
    const january = demoLedger("Z001").filter((v) => v.period === 1);
    const linked = await db
      .select({ kind: sourceDocuments.kind, n: count() })
      .from(sourceDocuments)
      .innerJoin(fonds, eq(fonds.id, sourceDocuments.fondsId))
      .innerJoin(recordLinks, eq(recordLinks.toRecordId, sourceDocuments.recordId))
      .where(eq(fonds.code, "Z001"))
      .groupBy(sourceDocuments.kind);
    expect(Object.fromEntries(linked.map((l) => [l.kind, l.n]))).toEqual({
      einvoice: january.filter((v) => v.invoices.length > 0).length,
      bank_receipt: january.filter((v) => v.bankReceipt).length,
    });
    // What the importer writes is searchable at once: vouchers, and the package's invoices by their number.
    const [z001] = await db.select({ id: fonds.id }).from(fonds).where(eq(fonds.code, "Z001"));
    const ctx = systemContext(db as Db, "test");
    const travel = await searchRecords(ctx, { fondsId: z001!.id, q: "差旅", fiscalYear: "2025", period: "1" });
    expect(travel.ok && travel.value.total).toBe(january.filter((v) => v.lines.some((l) => l.summary.includes("差旅") || l.accountName.includes("差旅"))).length);
    const invoiceNo = january.find((v) => v.invoices.length > 0)!.invoices[0]!.number;
    const byInvoice = await searchRecords(ctx, { fondsId: z001!.id, q: invoiceNo });
    expect(byInvoice.ok && byInvoice.value.items.map((i) => i.category)).toEqual(["voucher", "voucher"]);
    for (const r of voucherFiles) {
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

    await expectDemoFiling(db as Db, importIds);
  });
});

async function expectDemoFiling(db: Db, importIds: string[]) {
  expect(await fileDemoPeriods(db, importIds)).toBe("done");
  const [z001] = await db.select({ id: fonds.id }).from(fonds).where(eq(fonds.code, "Z001"));
  const statesOf = async (period: number) => {
    const rows = await db
      .select({ state: records.state, n: count(), coded: count(records.archivalCode), bound: count(records.volumeId) })
      .from(records)
      .where(and(eq(records.fondsId, z001!.id), eq(records.fiscalYear, DEMO_FISCAL_YEAR), eq(records.period, period)))
      .groupBy(records.state);
    return Object.fromEntries(rows.map((r) => [r.state, { n: r.n, coded: r.coded, bound: r.bound }]));
  };
  const snapshot = async () => Promise.all([1, ...DEMO_FILED_PERIODS, DEMO_PENDING_PERIOD].map(statesOf));
  const [january, ...later] = await snapshot();
  const pending = later.pop()!;
  // January, the package's month, is left for the visitor to bind and file.
  expect(Object.keys(january!)).toEqual(["collected"]);
  expect(january!.collected!.bound).toBe(0);
  for (const filed of later) {
    expect(Object.keys(filed)).toEqual(["archived"]);
    expect(filed.archived!.coded).toBe(filed.archived!.n);
  }
  expect(Object.keys(pending)).toEqual(["filing"]);
  expect(pending.filing).toMatchObject({ coded: 0, bound: pending.filing!.n });
  const requests = await db
    .select({ period: filings.period, state: approvalRequests.state, step: approvalSteps.state, role: approvalSteps.role })
    .from(filings)
    .innerJoin(approvalRequests, eq(approvalRequests.subjectId, filings.id))
    .innerJoin(approvalSteps, eq(approvalSteps.requestId, approvalRequests.id))
    .where(eq(filings.fondsId, z001!.id))
    .orderBy(filings.period);
  expect(requests).toEqual([
    ...DEMO_FILED_PERIODS.map((period) => ({ period, state: "approved", step: "approved", role: "finance_approver" })),
    { period: DEMO_PENDING_PERIOD, state: "pending", step: "pending", role: "finance_approver" },
  ]);

  // Run again (a retried job): nothing is submitted or decided twice.
  const before = await snapshot();
  expect(await fileDemoPeriods(db, importIds)).toBe("done");
  expect(await snapshot()).toEqual(before);
  expect(await db.$count(filings, eq(filings.fondsId, z001!.id))).toBe(DEMO_FILED_PERIODS.length + 1);
  expect(await db.$count(records, and(eq(records.fondsId, z001!.id), isNull(records.volumeId), isNotNull(records.archivalCode)))).toBe(0);
}
