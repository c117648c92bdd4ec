import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { imports, storedFiles } from "@/db/schema";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { makeErpConnector } from "@/db/test/imports-ui-factories";
import { testDb } from "@/db/test/setup";
import { buildDemoPackage } from "@/lib/demo/build-demo-package";
import { DEMO_COMPANIES } from "@/lib/demo/demo-exports";
import { generateLedger } from "@/lib/demo/generate-ledger";
import { writeKingdeeK3Csv } from "@/lib/demo/write-kingdee-k3-csv";
import { previewFile } from "./preview-file";

const ledger = (flaws: ("missing_account" | "unbalanced")[] = []) =>
  generateLedger({ seed: 11, fiscalYear: 2024, company: DEMO_COMPANIES.Z001, vouchersPerMonth: 12, months: [3], flaws });

async function setup() {
  const { db } = testDb();
  const f = await makeFonds(db);
  const connector = await makeErpConnector(db, f.id);
  const clerk = await makeUser(db, [{ role: "archivist", fondsId: f.id }]);
  return { db, f, connector, ctx: contextFor(db, clerk.actor) };
}

describe("previewFile", () => {
  it("detects a K/3 GBK export and shows its first rows as canonical lines, storing nothing", async () => {
    const { db, connector, ctx } = await setup();
    const before = await db.$count(storedFiles);
    const r = await previewFile(ctx, { connectorId: connector.id, fileName: "k3.csv", rows: 5 }, writeKingdeeK3Csv(ledger()));
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value.detection).toMatchObject({ formatId: "kingdee-k3", encoding: "gb18030", reason: "erp.detected_by_header" });
    expect(r.value.rows).toHaveLength(5);
    expect(r.value.truncated).toBe(true);
    expect(r.value.rows[0]).toMatchObject({ rowNo: 2, header: { sourceSystem: "kingdee-k3", fiscalYear: 2024, period: 3 }, line: { debit: expect.stringMatching(/^\d+\.\d{2}$/) } });
    expect(await db.select().from(imports).where(eq(imports.connectorId, connector.id))).toEqual([]);
    expect(await db.$count(storedFiles)).toBe(before);
  });

  it("counts the rows of draft and cancelled documents it leaves out, as the import will", async () => {
    const { connector, ctx } = await setup();
    const text = ["Journal Entry,Date,Account,Label,Debit,Credit,Status", "MISC/2024/03/0005,2024-03-30,600000 Expenses,待审,70.00,0.00,Draft", "MISC/2024/03/0005,2024-03-30,101000 Current Assets,待审,0.00,70.00,Draft", ""].join("\n");
    const r = await previewFile(ctx, { connectorId: connector.id, fileName: "account.move.line.csv", formatId: "odoo", rows: 20 }, Buffer.from(text));
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value).toMatchObject({ rows: [], problems: [], leftOut: 2 });
  });

  it("lists row problems with row, column and value, and proposes a mapping for unknown headers", async () => {
    const { connector, ctx } = await setup();
    const flawed = await previewFile(ctx, { connectorId: connector.id, fileName: "k3.csv", rows: 200 }, writeKingdeeK3Csv(ledger(["missing_account"])));
    expect(flawed.ok && flawed.value.problems).toEqual([expect.objectContaining({ field: "科目代码", value: "", code: "erp.field_required" })]);

    const custom = Buffer.from("单号,记账日期,科目,借,贷\n1,2024-03-01,1001,10.00,\n1,2024-03-01,6001,,10.00\n");
    const r = await previewFile(ctx, { connectorId: connector.id, fileName: "own.csv" }, custom);
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value.detection.formatId).toBeNull();
    expect(r.value.detection.reason).toBe("erp.detected_none");
    // Choosing the custom format before any column is mapped says what to do, not "invalid mapping: _".
    const chosen = await previewFile(ctx, { connectorId: connector.id, fileName: "own.csv", formatId: "custom" }, custom);
    expect(chosen.ok && chosen.value.problems.map((x) => x.code)).toEqual(["erp.mapping_missing"]);
    // A file a preset reads, switched to the custom format before any column is mapped: the mapping the
    // screen fills in for the clerk to correct starts from its header, not from nothing.
    const switched = await previewFile(ctx, { connectorId: connector.id, fileName: "k3.csv", formatId: "custom" }, writeKingdeeK3Csv(ledger()));
    expect(switched.ok && switched.value.proposedMapping?.columns).toMatchObject({ voucherNo: "凭证号", accountCode: "科目代码" });
    const withMapping = await previewFile(
      ctx,
      { connectorId: connector.id, fileName: "own.csv", formatId: "custom", mapping: { columns: { voucherNo: "单号", date: "记账日期", accountCode: "科目", debit: "借", credit: "贷" } } },
      custom,
    );
    expect(withMapping.ok && withMapping.value.rows.map((x) => [x.line.accountCode, x.line.debit, x.line.credit])).toEqual([
      ["1001", "10.00", "0.00"],
      ["6001", "0.00", "10.00"],
    ]);
  });

  it("opens a package safely and previews its voucher file", async () => {
    const { connector, ctx } = await setup();
    const vouchers = ledger();
    const zip = await buildDemoPackage({ vouchers, voucherFile: { name: "凭证数据.csv", bytes: writeKingdeeK3Csv(vouchers) }, companyName: "测试" });
    const r = await previewFile(ctx, { connectorId: connector.id, fileName: "pkg.zip" }, zip);
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value.package).toMatchObject({ voucherFile: "2024年会计档案/凭证数据.csv", invoices: vouchers.filter((v) => v.invoices.length).length, unassigned: [] });
    expect(r.value.detection.formatId).toBe("kingdee-k3");
  });

  it("refuses users without record.import in the connector's fonds, and bad input", async () => {
    const { db, connector } = await setup();
    const other = await makeFonds(db);
    const outsider = await makeUser(db, [{ role: "archivist", fondsId: other.id }]);
    const borrower = await makeUser(db, [{ role: "borrower", fondsId: connector.fondsId }]);
    const bytes = writeKingdeeK3Csv(ledger());
    for (const u of [outsider, borrower]) {
      expect(await previewFile(contextFor(db, u.actor), { connectorId: connector.id, fileName: "k3.csv" }, bytes)).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    }
    const clerk = await makeUser(db, [{ role: "archivist", fondsId: connector.fondsId }]);
    const ctx = contextFor(db, clerk.actor);
    expect(await previewFile(ctx, { connectorId: "nope", fileName: "k3.csv" }, bytes)).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { connectorId: "validation.invalid_format" } } });
    expect(await previewFile(ctx, { connectorId: connector.id, fileName: "k3.csv", formatId: "lotus-123" }, bytes)).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    expect(await previewFile(ctx, { connectorId: connector.id, fileName: "empty.csv" }, new Uint8Array())).toMatchObject({ ok: false, error: { code: "erp.file_malformed" } });
    expect(await previewFile(ctx, { connectorId: connector.id, fileName: "bad.zip" }, Buffer.from("PK\u0003\u0004garbage"))).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^package\./) } });
  });
});
