import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { assembleVouchers } from "@/lib/erp/assemble-vouchers";
import { createCustomFormat, proposeMapping } from "@/lib/erp/formats/custom";
import type { ParseEvent } from "@/lib/erp/formats/types";
import { parseErpFile } from "@/lib/erp/parse-file";

async function run(text: string | Buffer, mapping: unknown) {
  const { detection, events } = await parseErpFile({ source: Buffer.isBuffer(text) ? text : Buffer.from(text), fileName: "custom.csv", formatId: "custom", mapping });
  const all: ParseEvent[] = [];
  for await (const e of events) all.push(e);
  return { detection, all, ...assembleVouchers(all.flatMap((e) => (e.type === "line" ? [e] : []))) };
}

describe("custom mapping", () => {
  it("validates the saved mapping", () => {
    expect(createCustomFormat({ columns: { voucherNo: "号" } })).toMatchObject({
      ok: false,
      error: { code: "validation.invalid_input", fields: { "columns.accountCode": "validation.custom", "columns.date": "validation.custom", "columns.debit": "validation.custom", "columns.credit": "validation.custom" } },
    });
    expect(createCustomFormat({ columns: { voucherNo: "号", accountCode: "科目", date: "日期" }, debitCredit: { mode: "signed-amount", amount: "金额" } }).ok).toBe(true);
  });

  it("parses a GBK file with a header on row 2, an indicator column and YYYYMMDD dates", async () => {
    const text = "导出于2024-04-01\r\n年度,凭证号,日期,科目,方向,金额,部门,摘要\r\n2024,0003,20240318,6602,借,\"1,000.00\",行政部,报销差旅费\r\n2024,0003,20240318,1001,贷,\"1,000.00\",,报销差旅费\r\n";
    const r = await run(iconv.encode(text, "gbk"), {
      sourceSystem: "kingdee-kis-custom",
      encoding: "gb18030",
      headerRow: 2,
      columns: { fiscalYear: "年度", voucherNo: "凭证号", date: "日期", accountCode: "科目", summary: "摘要", dimensions: { department: "部门" } },
      dateFormat: "YYYYMMDD",
      debitCredit: { mode: "indicator", amount: "金额", indicator: "方向", debitValues: ["借"], creditValues: ["贷"] },
    });
    expect(r.detection).toMatchObject({ formatId: "custom", reason: "erp.detected_given", headerRow: 2 });
    expect(r.errors).toEqual([]);
    expect(r.vouchers.map((v) => v.voucher)).toEqual([
      {
        sourceSystem: "kingdee-kis-custom",
        fiscalYear: 2024,
        period: 3,
        voucherWord: "记",
        voucherNo: "0003",
        date: "2024-03-18",
        summary: "报销差旅费",
        currency: "CNY",
        invoiceNumbers: [],
        documentRefs: [],
        lines: [
          { seq: 1, summary: "报销差旅费", accountCode: "6602", debit: "1000.00", credit: "0.00", dimensions: { department: "行政部" } },
          { seq: 2, summary: "报销差旅费", accountCode: "1001", debit: "0.00", credit: "1000.00", dimensions: {} },
        ],
      },
    ]);
  });

  it("reads German amounts and DD.MM.YYYY when told", async () => {
    const r = await run("Beleg;Datum;Konto;Betrag\n7;15.03.2024;4400;1.234,50\n7;15.03.2024;1200;-1.234,50\n", {
      delimiter: ";",
      columns: { voucherNo: "Beleg", date: "Datum", accountCode: "Konto" },
      dateFormat: "DD.MM.YYYY",
      amountStyle: "1.234,56",
      defaultVoucherWord: "SA",
      debitCredit: { mode: "signed-amount", amount: "Betrag" },
    });
    expect(r.vouchers.map((v) => [v.voucher.voucherWord, v.voucher.lines.map((l) => [l.debit, l.credit])])).toEqual([["SA", [["1234.50", "0.00"], ["0.00", "1234.50"]]]]);
  });

  it("refuses a mapping that reads debit and credit from one column, or one indicator value as both sides", () => {
    const base = { columns: { voucherNo: "号", accountCode: "科目", date: "日期" } };
    expect(createCustomFormat({ columns: { ...base.columns, debit: "金额", credit: " 金额 " } })).toMatchObject({ ok: false, error: { fields: { "columns.credit": "validation.custom" } } });
    expect(
      createCustomFormat({ ...base, debitCredit: { mode: "indicator", amount: "金额", indicator: "方向", debitValues: ["借", "D"], creditValues: ["贷", "d"] } }),
    ).toMatchObject({ ok: false, error: { fields: { "debitCredit.creditValues": "validation.custom" } } });
    expect(createCustomFormat({ ...base, debitCredit: { mode: "indicator", amount: "金额", indicator: "金额", debitValues: ["借"] } })).toMatchObject({
      ok: false,
      error: { fields: { "debitCredit.indicator": "validation.custom" } },
    });
  });

  it("reports every column the mapping names that the file lacks, instead of importing without it", async () => {
    const r = await run("号,日期,科目,借,贷\n1,2024-03-01,1001,1,0\n1,2024-03-01,1002,0,1\n", {
      columns: { voucherNo: "号", date: "日期", accountCode: "科目", debit: "借", credit: "贷", summary: "摘要", dimensions: { department: "部门" } },
    });
    expect(r.all.map((e) => e.type === "error" && [e.rowNo, e.code, e.params.column])).toEqual([
      [0, "erp.missing_column", "摘要"],
      [0, "erp.missing_column", "部门"],
    ]);
  });

  it("reads an XLSX date cell whatever text layout the mapping names for dates", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("凭证");
    sheet.addRow(["Beleg", "Datum", "Konto", "Betrag"]);
    sheet.addRow(["7", new Date(Date.UTC(2024, 2, 15)), "4400", "1.234,50"]);
    sheet.addRow(["7", new Date(Date.UTC(2024, 2, 15)), "1200", "-1.234,50"]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const { events } = await parseErpFile({
      source: bytes,
      fileName: "custom.xlsx",
      formatId: "custom",
      mapping: { columns: { voucherNo: "Beleg", date: "Datum", accountCode: "Konto" }, dateFormat: "DD.MM.YYYY", amountStyle: "1.234,56", debitCredit: { mode: "signed-amount", amount: "Betrag" } },
    });
    const all: ParseEvent[] = [];
    for await (const e of events) all.push(e);
    expect(all.map((e) => (e.type === "line" ? e.line.header.date : e.type))).toEqual(["2024-03-15", "2024-03-15"]);
  });

  it("reports an invalid mapping as one file problem", async () => {
    const r = await run("a,b\n1,2\n", { columns: {} });
    expect(r.all).toEqual([
      { type: "error", rowNo: 0, field: "", value: "", code: "erp.mapping_invalid", params: { row: 0, fields: "columns.voucherNo, columns.accountCode, columns.date, columns.debit, columns.credit" } },
    ]);
  });

  it("proposes a mapping from a header by the presets' synonyms", () => {
    const r = proposeMapping(["日期", "凭证字", "凭证号", "摘要", "科目代码", "科目名称", "借方", "贷方", "部门", "客户"]);
    expect(r).toMatchObject({
      ok: true,
      value: {
        columns: { date: "日期", voucherWord: "凭证字", voucherNo: "凭证号", summary: "摘要", accountCode: "科目代码", accountName: "科目名称", debit: "借方", credit: "贷方", dimensions: { department: "部门", customer: "客户" } },
        debitCredit: { mode: "two-columns" },
      },
    });
    const sap = proposeMapping(["Belegnummer", "Buchungsdatum", "Sachkonto", "Soll/Haben-Kennz.", "Betrag in Hauswährung"]);
    expect(sap.ok && sap.value.debitCredit).toEqual({ mode: "indicator", amount: "Betrag in Hauswährung", indicator: "Soll/Haben-Kennz.", debitValues: ["借", "S", "D"], creditValues: ["贷", "H", "C"] });
    expect(proposeMapping(["foo", "bar"])).toEqual({ ok: false, error: { code: "erp.mapping_invalid", params: { column: "debit" } } });
  });
});
