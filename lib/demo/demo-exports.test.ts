import { describe, expect, it } from "vitest";
import { addDecimals } from "@/lib/decimal";
import { assembleVouchers } from "@/lib/erp/assemble-vouchers";
import type { ParseEvent } from "@/lib/erp/formats/types";
import { analyzeLayout } from "@/lib/erp/package/layout";
import { readPackageFiles } from "@/lib/erp/package/read-package";
import { parseErpFile } from "@/lib/erp/parse-file";
import { parseInvoice } from "@/lib/einvoice/parse-invoice";
import { DEMO_COMPANIES, demoExports, demoLedger } from "./demo-exports";
import { generateLedger } from "./generate-ledger";
import { amountInChinese } from "./render-einvoice-xml";

async function parse(bytes: Buffer, fileName: string) {
  const { detection, events } = await parseErpFile({ source: bytes, fileName });
  const all: ParseEvent[] = [];
  for await (const e of events) all.push(e);
  const lines = all.flatMap((e) => (e.type === "line" ? [e] : []));
  const rowErrors = all.flatMap((e) => (e.type === "error" ? [e] : []));
  return { detection, rowErrors, ...assembleVouchers(lines) };
}

const exportNamed = (formatId: string) => demoExports().find((e) => e.formatId === formatId)!;

describe("demo ledger", () => {
  it("is deterministic and balanced except for its deliberate flaws", () => {
    const a = demoLedger("Z002");
    expect(demoLedger("Z002")).toEqual(a);
    expect(a).toHaveLength(12 * DEMO_COMPANIES.Z002.vouchersPerMonth);
    const flawed = a.filter((v) => v.flaw).map((v) => v.flaw);
    expect(flawed.sort()).toEqual(["date_outside_period", "duplicate_invoice", "missing_account", "unbalanced"]);
    for (const v of a.filter((x) => x.flaw !== "unbalanced")) {
      const fen = (s: string) => BigInt(s.replace(".", ""));
      expect(v.lines.reduce((s, l) => s + fen(l.debit), 0n)).toBe(v.lines.reduce((s, l) => s + fen(l.credit), 0n));
    }
  });

  it("numbers vouchers per word within each month without gaps", () => {
    const v = generateLedger({ seed: 1, fiscalYear: 2024, company: DEMO_COMPANIES.Z001, vouchersPerMonth: 40, months: [2] });
    for (const word of ["收", "付", "转"]) {
      const nos = v.filter((x) => x.voucherWord === word).map((x) => Number(x.voucherNo));
      expect(nos).toEqual(nos.map((_, i) => i + 1));
    }
  });

  it("writes amounts in capital Chinese numerals as invoices print them", () => {
    expect(amountInChinese("16000.00")).toBe("壹万陆仟圆整");
    expect(amountInChinese("305.20")).toBe("叁佰零伍圆贰角");
    expect(amountInChinese("100200.05")).toBe("壹拾万零贰佰圆零伍分");
  });
});

describe("demo exports parse through the real readers", { timeout: 60_000 }, () => {
  it("Kingdee K/3 GBK CSV: detected, 3,000 vouchers, the three parse flaws rejected with their codes", async () => {
    const e = exportNamed("kingdee-k3");
    const r = await parse(await e.build(), e.fileName);
    expect(r.detection).toMatchObject({ formatId: "kingdee-k3", encoding: "gb18030" });
    expect(r.rowErrors.map((x) => x.code)).toEqual(["erp.field_required"]);
    // The voucher that lost its account row is unbalanced as well: it never reaches the archive.
    expect(new Set(r.errors.map((x) => x.code))).toEqual(new Set(["erp.date_outside_period", "erp.unbalanced"]));
    expect(r.vouchers.length).toBe(3000 - 3);
    const withInvoices = r.vouchers.filter((v) => v.voucher.invoiceNumbers.length > 0);
    expect(withInvoices.length).toBeGreaterThan(500);
    expect(withInvoices[0]!.voucher.invoiceNumbers[0]).toMatch(/^25442\d{15}$/);
    const dims = r.vouchers.flatMap((v) => v.voucher.lines.map((l) => Object.keys(l.dimensions))).flat();
    expect(new Set(dims)).toEqual(new Set(["department", "employee", "customer", "supplier", "project"]));
  });

  it("Yonyou U8 XLSX with title rows: header found under them and head fields filled down", async () => {
    const e = exportNamed("yonyou-u8");
    const r = await parse(await e.build(), e.fileName);
    expect(r.detection).toMatchObject({ formatId: "yonyou-u8", container: "xlsx", headerRow: 3 });
    expect(r.vouchers.length).toBe(12 * 70 - 3);
    expect(r.vouchers[0]!.voucher).toMatchObject({ sourceSystem: "yonyou-u8", fiscalYear: 2025, preparer: expect.any(String) });
  });

  it("canonical JSON: the subsidiary's first quarter", async () => {
    const e = exportNamed("canonical-json");
    const r = await parse(await e.build(), e.fileName);
    expect(r.detection.formatId).toBe("canonical-json");
    expect(r.vouchers.length + r.errors.length + r.rowErrors.length).toBeGreaterThan(200);
    expect(r.vouchers.every((v) => v.voucher.sourceSystem === "demo-erp" && v.voucher.period <= 3)).toBe(true);
  });

  it("package: DA/T 94 folders with a voucher file, invoices that parse, and PDFs", async () => {
    const e = exportNamed("package");
    const files = await readPackageFiles(await e.build());
    expect(files.ok).toBe(true);
    if (!files.ok) return;
    const layout = analyzeLayout([...files.value.keys()]);
    expect(layout.ok && layout.value).toMatchObject({ layout: "folders", voucherFile: "2025年会计档案/凭证数据.csv", unassigned: [] });
    if (!layout.ok) return;
    const invoices = layout.value.attachments.filter((a) => a.kind === "einvoice");
    expect(invoices.length).toBeGreaterThan(30);
    const january = demoLedger("Z001").filter((v) => v.period === 1);
    expect(layout.value.attachments.filter((a) => a.path.endsWith(".pdf"))).toHaveLength(january.filter((v) => v.bankReceipt).length);
    // Each voucher declares at least the originals its folder holds, so filing January draws no attachment warning.
    const originals = new Map<string, number>();
    for (const a of layout.value.attachments) originals.set(`${a.voucher.voucherWord}-${a.voucher.voucherNo}`, (originals.get(`${a.voucher.voucherWord}-${a.voucher.voucherNo}`) ?? 0) + 1);
    expect(january.filter((v) => v.attachmentCount < (originals.get(`${v.voucherWord}-${v.voucherNo}`) ?? 0))).toEqual([]);
    // The travel reimbursements the search journey opens carry both an invoice and a receipt.
    expect(january.some((v) => v.bankReceipt && v.invoices.length > 0 && v.lines[0]!.summary.startsWith("报销差旅费"))).toBe(true);
    const first = invoices[0]!;
    const parsed = await parseInvoice(files.value.get(first.path)!, "application/xml");
    expect(parsed.ok && parsed.value).toMatchObject({ kind: "fully_digital_special", buyerName: DEMO_COMPANIES.Z001.name, number: first.path.match(/(\d{20})\.xml$/)![1] });
    if (parsed.ok) expect(addDecimals(parsed.value.amount, parsed.value.tax)).toBe(parsed.value.total);
  });
});
