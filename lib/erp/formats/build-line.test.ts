import { describe, expect, it } from "vitest";
import {
  buildLine,
  extractInvoiceNumbers,
  normaliseCurrency,
  parseDimensionText,
  type BuildOptions,
  type FieldValues,
} from "@/lib/erp/formats/build-line";
import { normaliseVoucherWord } from "@/lib/erp/model";

const options: BuildOptions = {
  sourceSystem: "test",
  dateFormats: ["YYYY-MM-DD"],
  decimalSeparator: ".",
  debitCredit: { mode: "two-columns" },
  defaultVoucherWord: "记",
};

const base: FieldValues = { date: "2024-03-05", voucherNo: "12", accountCode: "1001", summary: "报销差旅费", debit: "100", credit: "" };
const build = (values: FieldValues, opts: Partial<BuildOptions> = {}) =>
  buildLine({ rowNo: 7, values, dimensions: {}, columnOf: (f) => `col:${f}` }, { ...options, ...opts });

describe("buildLine", () => {
  it("derives fiscal year and period from the date and defaults the word", () => {
    const [event] = build(base);
    expect(event).toEqual({
      type: "line",
      rowNo: 7,
      line: {
        header: { sourceSystem: "test", fiscalYear: 2024, period: 3, voucherWord: "记", voucherNo: "12", date: "2024-03-05", currency: "CNY", invoiceNumbers: [], documentRefs: [] },
        line: { seq: 7, summary: "报销差旅费", accountCode: "1001", debit: "100.00", credit: "0.00", dimensions: {} },
      },
    });
  });

  it("splits a combined 记-12 voucher number and reads periods like 2024.03 and 第3期", () => {
    const [a] = build({ ...base, voucherNo: "记-12", period: "2024.03" });
    const [b] = build({ ...base, voucherWord: "付款凭证", period: "第3期" });
    expect(a?.type === "line" && [a.line.header.voucherWord, a.line.header.voucherNo, a.line.header.period]).toEqual(["记", "12", 3]);
    expect(b?.type === "line" && [b.line.header.voucherWord, b.line.header.period]).toEqual(["付", 3]);
  });

  it("reads a lone dash (Excel's accounting format for zero, as a CSV saved from Excel writes it) as zero", () => {
    const [a] = build({ ...base, debit: " -   ", credit: "1,560.00 " });
    expect(a?.type === "line" && [a.line.line.debit, a.line.line.credit]).toEqual(["0.00", "1560.00"]);
    const [b] = build({ ...base, debit: "100", credit: "－" });
    expect(b?.type === "line" && [b.line.line.debit, b.line.line.credit]).toEqual(["100.00", "0.00"]);
    const [d] = build({ ...base, debit: "¥1,234.50", credit: " ¥ -   " });
    expect(d?.type === "line" && [d.line.line.debit, d.line.line.credit]).toEqual(["1234.50", "0.00"]);
    const [e] = build({ ...base, debit: "(￥1,234.50)", credit: "-$7.00" });
    expect(e?.type === "line" && [e.line.line.debit, e.line.line.credit]).toEqual(["-1234.50", "-7.00"]);
    expect(build({ ...base, debit: "¥" }).map((x) => x.type === "error" && [x.value, x.code])).toEqual([["¥", "erp.amount_invalid"]]);
    const [c] = build({ ...base, amount: "-", indicator: "S", debit: "", credit: "" }, { debitCredit: { mode: "signed-amount" } });
    expect(c?.type === "line").toBe(true);
  });

  it("collects every problem of a row with column and value", () => {
    const events = build({ ...base, date: "2024-13-01", period: "13", voucherNo: "A1", accountCode: "", debit: "1.234", attachmentCount: "-1", currency: "元宝", invoiceNumber: "123" });
    expect(events.map((e) => e.type === "error" && [e.field, e.value, e.code])).toEqual([
      ["col:date", "2024-13-01", "erp.date_invalid"],
      ["col:period", "13", "erp.period_invalid"],
      ["col:voucherNo", "A1", "erp.voucher_no_invalid"],
      ["col:attachmentCount", "-1", "erp.attachment_count_invalid"],
      ["col:currency", "元宝", "erp.currency_invalid"],
      ["col:accountCode", "", "erp.field_required"],
      ["col:debit", "1.234", "erp.amount_too_precise"],
      ["col:invoiceNumber", "123", "erp.invoice_number_invalid"],
    ]);
    expect(events[0]).toMatchObject({ rowNo: 7, params: { row: 7, column: "col:date", value: "2024-13-01" } });
  });

  it("names the voucher of a bad row when its date and number are readable, and only then", () => {
    const [known] = build({ ...base, voucherNo: "记-012", accountCode: "" });
    expect(known).toMatchObject({ code: "erp.field_required", params: { word: "记", no: "12", year: 2024, period: 3 } });
    const [unknown] = build({ ...base, date: "2024-02-30" });
    expect(unknown?.type === "error" && "word" in unknown.params).toBe(false);
  });

  it("splits signed amounts and S/H indicators into debit and credit", () => {
    const signed = build({ ...base, debit: undefined, amount: "-1,200.00" }, { debitCredit: { mode: "signed-amount" } });
    expect(signed[0]?.type === "line" && [signed[0].line.line.debit, signed[0].line.line.credit]).toEqual(["0.00", "1200.00"]);
    const indicator = { mode: "indicator", debitValues: ["S"], creditValues: ["H"] } as const;
    const h = build({ ...base, amount: "1.234,56", indicator: "h" }, { debitCredit: indicator, decimalSeparator: "," });
    expect(h[0]?.type === "line" && [h[0].line.line.debit, h[0].line.line.credit]).toEqual(["0.00", "1234.56"]);
    const bad = build({ ...base, amount: "5", indicator: "X" }, { debitCredit: indicator });
    expect(bad.map((e) => e.type === "error" && e.code)).toEqual(["erp.indicator_invalid"]);
  });

  it("gathers invoice citations from a column and from the summary", () => {
    const [event] = build({ ...base, invoiceNumber: "24442000000123456789；044001900111 12345678", summary: "报销 发票代码：144031900111 发票号码：87654321" });
    expect(event?.type === "line" && event.line.header.invoiceNumbers).toEqual(["24442000000123456789", "044001900111-12345678", "144031900111-87654321"]);
  });
});

describe("helpers", () => {
  it("normalises voucher words and currencies", () => {
    expect(["记账凭证", "收款凭证", "转账", "SA", " 付 "].map(normaliseVoucherWord)).toEqual(["记", "收", "转", "SA", "付"]);
    expect(["RMB", "人民币", "usd", "港币", "元宝"].map(normaliseCurrency)).toEqual(["CNY", "CNY", "USD", "HKD", null]);
  });

  it("parses auxiliary-accounting text", () => {
    expect(parseDimensionText("部门:财务部;职员：张三|项目---P01")).toEqual({ department: "财务部", employee: "张三", project: "P01" });
    expect(parseDimensionText("财务部")).toEqual({ auxiliary: "财务部" });
    expect(parseDimensionText("")).toEqual({});
  });

  it("extracts 20-digit and legacy invoice numbers without partial matches", () => {
    expect(extractInvoiceNumbers("票号24442000000123456789及244420000001234567890")).toEqual(["24442000000123456789"]);
    expect(extractInvoiceNumbers("发票代码 1100191130 发票号码 01234567")).toEqual(["1100191130-01234567"]);
  });

  it("takes a 20-digit number in a summary for an invoice only when the text says it is one", () => {
    // 建设银行 company accounts have 20 digits too: a monthly payment to one supplier is no duplicate reimbursement.
    expect(extractInvoiceNumbers("支付华南贸易货款 建行账号11050162123400001234")).toEqual([]);
    expect(extractInvoiceNumbers("报销差旅费，数电票24442000000123456789、24442000000123456790")).toEqual(["24442000000123456789", "24442000000123456790"]);
    expect(extractInvoiceNumbers("Invoice 24442000000123456789")).toEqual(["24442000000123456789"]);
  });
});
