import { randomInt } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { alerts, auditEvents, importErrors, imports, invoices, recordFiles, recordLinks, records, sourceDocuments, storedFiles, vouchers } from "@/db/schema";
import { fixture, importFile, makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { travelVoucher } from "@/lib/erp/__fixtures__/vouchers";
import { makeZip, patchEntry, renameEntry } from "@/lib/files/__fixtures__/make-zip";
import { prepareQueues } from "@/lib/jobs/worker";
import { K3_HEADER } from "@/scripts/lib/generate-k3-csv";
import { pushVouchers } from "./push-vouchers";
import { startImport } from "./start-import";

const MAX_UPLOAD = 1024 * 1024;
process.env.ACTA_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "acta-import-test-"));
process.env.ACTA_MAX_UPLOAD_BYTES = String(MAX_UPLOAD);

const samples = path.resolve(import.meta.dirname, "../../../../shared/samples/einvoice");
const sample = (name: string) => readFileSync(path.join(samples, name));
const work = mkdtempSync(path.join(os.tmpdir(), "acta-package-test-"));

beforeAll(async () => {
  await prepareQueues(inject("databaseUrl"));
}, 60_000);

const k3 = (vouchers: { no: number; summary: string; amount: string }[]) =>
  [
    K3_HEADER,
    ...vouchers.flatMap((v) => [
      `2024-03-1${v.no % 9},3,记,${v.no},1,张三,李四,王五,,0,${v.summary},6602.03,管理费用-差旅费,,,,RMB,1,${v.amount},0,0,${v.amount},0,,`,
      `2024-03-1${v.no % 9},3,记,${v.no},1,张三,李四,王五,,1,${v.summary},1002.01,银行存款,,,,RMB,1,${v.amount},0,0,0,${v.amount},,`,
    ]),
  ].join("\n") + "\n";

function save(name: string, bytes: Buffer) {
  const file = path.join(work, name);
  writeFileSync(file, bytes);
  return file;
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

describe.skipIf(!existsSync(samples))("a ZIP package with the real e-invoice samples (needs /work/shared/samples)", () => {
  it("imports the vouchers, files every attachment, parses the invoices and flags a second claim as duplicate reimbursement", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const zip = await makeZip([
      { name: "凭证.csv", data: k3([{ no: 1, summary: "报销差旅费", amount: "1200.00" }, { no: 2, summary: "支付咨询费", amount: "500.00" }, { no: 3, summary: "购买办公用品", amount: "80.00" }]) },
      { name: "2024年/03月/记-1/记账凭证.pdf", data: PDF },
      { name: "2024年/03月/记-1/发票.xml", data: sample("shudianpiao-special-vat.xml"), compress: true },
      { name: "2024年/03月/记-2/电子发票.ofd", data: sample("einvoice-2024-ofd-customdata.ofd") },
      { name: "2024年/03月/记-3/发票-印章.ofd", data: sample("einvoice-ofd-seal-only.ofd") },
      { name: "账簿/2024年总账.pdf", data: PDF },
      { name: "报告/2024年3月财务报表.pdf", data: PDF },
    ]);
    const { started, run } = await importFile(systemContext(db), connector.id, save("package-1.zip", zip));
    expect(run).toMatchObject({ ok: true, value: { state: "succeeded", counts: { created: 3, conflicts: 0 } } });
    const importId = started.ok ? started.value.id : "";

    const docs = await db
      .select({ kind: sourceDocuments.kind, no: sourceDocuments.documentNo, title: records.title, retention: records.retention })
      .from(sourceDocuments)
      .innerJoin(records, eq(records.id, sourceDocuments.recordId))
      .where(eq(sourceDocuments.fondsId, fonds.id));
    expect(docs).toHaveLength(3);
    expect(docs.every((d) => d.kind === "einvoice" && d.retention === "Y30")).toBe(true);
    const registered = await db.select().from(invoices).where(eq(invoices.fondsId, fonds.id)).orderBy(asc(invoices.invoiceNo));
    expect(registered).toHaveLength(2);
    expect(registered.every((i) => i.voucherRecordId && i.documentRecordId && i.total)).toBe(true);
    const links = await db.select().from(recordLinks).innerJoin(records, eq(records.id, recordLinks.toRecordId)).where(eq(records.fondsId, fonds.id));
    expect(links).toHaveLength(3);
    // The rendered 记账凭证 becomes the voucher's own content file; every file is identified by its bytes.
    const files = await db
      .select({ name: recordFiles.fileName, mediaType: storedFiles.mediaType, category: records.category, material: records.materialType })
      .from(recordFiles)
      .innerJoin(storedFiles, eq(storedFiles.id, recordFiles.fileId))
      .innerJoin(records, eq(records.id, recordFiles.recordId))
      .where(eq(records.fondsId, fonds.id))
      .orderBy(asc(recordFiles.fileName));
    expect(files).toEqual([
      { name: "2024年3月财务报表.pdf", mediaType: "application/pdf", category: "report", material: "report_periodic" },
      { name: "2024年总账.pdf", mediaType: "application/pdf", category: "ledger", material: "general_ledger" },
      { name: "发票-印章.ofd", mediaType: "application/ofd", category: "voucher", material: "source_document" },
      { name: "发票.xml", mediaType: "application/xml", category: "voucher", material: "source_document" },
      { name: "电子发票.ofd", mediaType: "application/ofd", category: "voucher", material: "source_document" },
      { name: "记账凭证.pdf", mediaType: "application/pdf", category: "voucher", material: "voucher" },
    ]);
    const problems = await db.select({ code: importErrors.code }).from(importErrors).where(eq(importErrors.importId, importId));
    expect(problems).toEqual([{ code: "einvoice.no_invoice_data" }]);
    const [imp] = await db.select({ detection: imports.detection }).from(imports).where(eq(imports.id, importId));
    expect(imp!.detection).toMatchObject({ formatId: "kingdee-k3", package: { layout: "folders", attachments: 4, ledgers: 1, reports: 1, invoices: 3 } });

    // The same invoice behind another voucher: refused as 重复报销, with an alert and an error the clerk reads.
    const second = await makeZip([
      { name: "凭证.csv", data: k3([{ no: 4, summary: "报销差旅费", amount: "1200.00" }]) },
      { name: "2024年/03月/记-4/发票.xml", data: sample("shudianpiao-special-vat.xml") },
    ]);
    const again = await importFile(systemContext(db), connector.id, save("package-2.zip", second));
    expect(again.run).toMatchObject({ ok: true, value: { counts: { created: 1, conflicts: 1 } } });
    const flagged = await db.select().from(importErrors).where(eq(importErrors.importId, again.started.ok ? again.started.value.id : ""));
    expect(flagged.map((e) => e.code)).toEqual(["import.duplicate_invoice"]);
    expect(registered.map((i) => i.invoiceNo)).toContain(flagged[0]!.value);
    expect(flagged[0]!.params).toMatchObject({ invoiceNo: flagged[0]!.value, other: "记-1 (2024-3)" });
    const open = await db.select().from(alerts).where(and(eq(alerts.fondsId, fonds.id), eq(alerts.kind, "duplicate_reimbursement")));
    expect(open).toHaveLength(1);
    const [claimed] = await db.select({ voucher: invoices.voucherRecordId, no: vouchers.voucherNo }).from(invoices).innerJoin(vouchers, eq(vouchers.recordId, invoices.voucherRecordId)).where(eq(invoices.invoiceNo, flagged[0]!.value!));
    expect(claimed!.no).toBe("1");
  });
});

describe("a package whose manifest signs its ledgers and reports", () => {
  const pack = (reviewer: string) =>
    makeZip([
      { name: "pkg/manifest.json", data: JSON.stringify({ vouchers: "vouchers.csv", ledgers: [{ path: "总账.pdf", kind: "general_ledger", fiscalYear: 2024, preparer: " 张三 ", reviewer }], reports: [{ path: "报表.pdf", periodKind: "month", fiscalYear: 2024, period: 3 }] }) },
      { name: "pkg/vouchers.csv", data: k3([{ no: 1, summary: "报销差旅费", amount: "1200.00" }]) },
      { name: "pkg/总账.pdf", data: PDF },
      { name: "pkg/报表.pdf", data: PDF },
    ]);
  const described = async (fondsId: string) => {
    const rows = await testDb().db.select({ category: records.category, metadata: records.metadata }).from(records).where(and(eq(records.fondsId, fondsId), sql`${records.category} in ('ledger', 'report')`)).orderBy(asc(records.category));
    return rows.map((r) => [r.category, r.metadata]);
  };

  it("keeps the 编制人 and 审核人 it states, and takes another 审核人 for the same file as a change", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    expect((await importFile(systemContext(db), connector.id, save("signed-1.zip", await pack("李四")))).run).toMatchObject({ ok: true, value: { state: "succeeded" } });
    expect(await described(fonds.id)).toEqual([
      ["ledger", { preparer: "张三", reviewer: "李四" }],
      ["report", {}],
    ]);
    const trail = async () => (await db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.fondsId, fonds.id), eq(auditEvents.action, "record.updated_by_import")))).length;
    expect((await importFile(systemContext(db), connector.id, save("signed-2.zip", await pack("李四")))).run).toMatchObject({ ok: true, value: { state: "succeeded" } });
    expect(await trail()).toBe(0);
    expect((await importFile(systemContext(db), connector.id, save("signed-3.zip", await pack("王五")))).run).toMatchObject({ ok: true, value: { state: "succeeded" } });
    expect(await trail()).toBe(1);
    expect(await described(fonds.id)).toEqual([
      ["ledger", { preparer: "张三", reviewer: "王五" }],
      ["report", {}],
    ]);
  });
});

describe("uploads that are refused leave nothing stored", () => {
  const storedCount = async () => (await testDb().db.select({ n: sql<number>`count(*)::int` }).from(storedFiles))[0]!.n;
  const storeFiles = () => {
    const dir = path.join(process.env.ACTA_DATA_DIR!, "files");
    const walk = (d: string): string[] => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [e.name])) : []);
    return walk(dir).length;
  };
  const bomb = async () => makeZip([{ name: "凭证.csv", data: Buffer.alloc(40 * 1024 * 1024, 0x30), compress: true }]);
  const dotdot = async () => renameEntry(await makeZip([{ name: "xx/evil.csv", data: "x" }]), "xx/evil.csv", Buffer.from("../evil.csv"));
  const absolute = async () => renameEntry(await makeZip([{ name: "xx/evil.csv", data: "x" }]), "xx/evil.csv", Buffer.from("/tmp/ev.csv"));
  const encrypted = async () => patchEntry(await makeZip([{ name: "凭证.csv", data: "a,b" }]), "凭证.csv", "flags", 0x1);
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");

  it.each([
    ["an upload over the limit", "big.csv", async () => Buffer.alloc(MAX_UPLOAD + 10, 0x41), "import.upload_too_large"],
    ["a ZIP bomb", "bomb.zip", bomb, "package.suspicious_ratio"],
    ["a ZIP entry climbing out with ..", "evil.zip", dotdot, "package.unsafe_path"],
    ["a ZIP entry with an absolute path", "absolute.zip", absolute, "package.unsafe_path"],
    ["an encrypted ZIP entry", "locked.zip", encrypted, "package.encrypted_entry"],
    ["XML declaring an external entity", "external-entity.xml", async () => readFileSync(fixture("yonyou-nc/external-entity.xml")), "erp.xml_doctype_forbidden"],
    ["a PNG named .csv", "vouchers.csv", async () => png, "import.type_mismatch"],
    ["a PDF", "scan.pdf", async () => PDF, "import.not_a_data_file"],
    ["an empty file", "empty.csv", async () => Buffer.alloc(0), "import.upload_empty"],
  ])("refuses %s", async (_what, fileName, bytes, code) => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const [rows, files] = [await storedCount(), storeFiles()];
    const result = await startImport(systemContext(db), { connectorId: connector.id, file: Readable.from([await bytes()]), fileName });
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await storedCount()).toBe(rows);
    expect(storeFiles()).toBe(files);
    expect(await db.select().from(imports).where(eq(imports.connectorId, connector.id))).toEqual([]);
  });
});

describe("an invoice registered after a voucher of the fonds cited it", () => {
  it("is the cited voucher's, and the voucher the package files it with is the duplicate reimbursement", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const no = `2444200000${String(randomInt(0, 10_000_000_000)).padStart(10, "0")}`;
    const pushed = await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "cited-first", body: { vouchers: [{ ...travelVoucher, voucherNo: "5", invoiceNumbers: [no] }, { ...travelVoucher, voucherNo: "1" }] } });
    expect(pushed).toMatchObject({ ok: true, value: { results: [{ outcome: "created" }, { outcome: "created" }] } });
    const citing = pushed.ok ? pushed.value.results[0]!.recordId : "";
    const xml = readFileSync(path.resolve(import.meta.dirname, "../../einvoice/__fixtures__/red-invoice.xml"), "utf8").replaceAll("24442000000000000099", no);
    const zip = await makeZip([
      { name: "manifest.json", data: JSON.stringify({ documents: [{ path: "inv.xml", voucherWord: "记", voucherNo: 1, fiscalYear: 2024, period: 3, kind: "einvoice" }] }) },
      { name: "inv.xml", data: Buffer.from(xml) },
    ]);
    const { started, run } = await importFile(ctx, connector.id, save("cited-first.zip", zip));
    expect(run).toMatchObject({ ok: true, value: { counts: { conflicts: 1 } } });
    const flagged = await db.select().from(importErrors).where(eq(importErrors.importId, started.ok ? started.value.id : ""));
    expect(flagged).toMatchObject([{ code: "import.duplicate_invoice", value: no, params: { invoiceNo: no, voucher: "记-1", other: "记-5 (2024-3)" } }]);
    const open = await db.select().from(alerts).where(and(eq(alerts.fondsId, fonds.id), eq(alerts.kind, "duplicate_reimbursement")));
    expect(open).toMatchObject([{ recordId: citing }]);
    const [registered] = await db.select({ voucher: invoices.voucherRecordId }).from(invoices).where(eq(invoices.invoiceNo, no));
    expect(registered!.voucher).toBe(citing);
  });

  it("filed with the voucher that cited it, is that voucher's and no duplicate", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const no = `2444200000${String(randomInt(0, 10_000_000_000)).padStart(10, "0")}`;
    const pushed = await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "cited-own", body: { vouchers: [{ ...travelVoucher, voucherNo: "1", invoiceNumbers: [no] }] } });
    const citing = pushed.ok ? pushed.value.results[0]!.recordId : "";
    const xml = readFileSync(path.resolve(import.meta.dirname, "../../einvoice/__fixtures__/red-invoice.xml"), "utf8").replaceAll("24442000000000000099", no);
    const zip = await makeZip([
      { name: "manifest.json", data: JSON.stringify({ documents: [{ path: "inv.xml", voucherWord: "记", voucherNo: 1, fiscalYear: 2024, period: 3, kind: "einvoice" }] }) },
      { name: "inv.xml", data: Buffer.from(xml) },
    ]);
    const { run } = await importFile(ctx, connector.id, save("cited-own.zip", zip));
    expect(run).toMatchObject({ ok: true, value: { state: "succeeded", counts: { conflicts: 0 } } });
    const [registered] = await db.select({ voucher: invoices.voucherRecordId }).from(invoices).where(eq(invoices.invoiceNo, no));
    expect(registered!.voucher).toBe(citing);
  });
});
