import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { fixtureBytes, parseFixture } from "@/lib/erp/__fixtures__/parse-fixture";
import { parseErpFile } from "@/lib/erp/parse-file";

describe("parseErpFile: presets parse their fixtures into exact vouchers", () => {
  it("kingdee-k3: UTF-8 BOM export with F-headers, 0-based entries and 核算项目 triples", async () => {
    const r = await parseFixture("kingdee-k3/voucher-export-bom.csv");
    expect(r.detection).toMatchObject({ formatId: "kingdee-k3", encoding: "utf8", delimiter: ",", headerRow: 1, reason: "erp.detected_by_header" });
    expect(r.rowErrors).toEqual([]);
    expect(r.voucherErrors).toEqual([]);
    expect(r.vouchers).toEqual([
      {
        sourceSystem: "kingdee-k3",
        fiscalYear: 2024,
        period: 3,
        voucherWord: "付",
        voucherNo: "2",
        date: "2024-03-12",
        summary: "支付招待费，发票号码24442000000123456789",
        preparer: "张三",
        reviewer: "李四",
        poster: "王五",
        cashier: "赵六",
        attachmentCount: 1,
        currency: "CNY",
        invoiceNumbers: ["24442000000123456789"],
        documentRefs: [],
        lines: [
          {
            seq: 1,
            summary: "支付招待费，发票号码24442000000123456789",
            accountCode: "6601.02",
            accountName: "销售费用-业务招待费",
            debit: "3500.50",
            credit: "0.00",
            currency: "CNY",
            exchangeRate: "1",
            foreignAmount: "3500.5",
            quantity: "0",
            unitPrice: "0",
            dimensions: { department: "销售部" },
          },
          {
            seq: 2,
            summary: "支付招待费",
            accountCode: "1002.01",
            accountName: "银行存款-工商银行",
            debit: "0.00",
            credit: "3500.50",
            currency: "CNY",
            exchangeRate: "1",
            foreignAmount: "3500.5",
            quantity: "0",
            unitPrice: "0",
            dimensions: { settlementMethod: "202", settlementNo: "ZP0012" },
          },
        ],
      },
      expect.objectContaining({ voucherWord: "记", voucherNo: "1", date: "2024-03-05", attachmentCount: 2 }),
    ]);
    expect(r.vouchers[1]?.lines.map((l) => [l.accountCode, l.debit, l.credit, l.dimensions])).toEqual([
      ["6602.03", "1200.00", "0.00", { department: "行政部" }],
      ["1001", "0.00", "1200.00", {}],
    ]);
  });

  it("kingdee-k3: GBK-encoded Chinese-header variant with 核算项目 text", async () => {
    expect(fixtureBytes("kingdee-k3/voucher-export-gbk.csv").includes(Buffer.from("摘要", "utf8"))).toBe(false);
    const r = await parseFixture("kingdee-k3/voucher-export-gbk.csv");
    expect(r.detection).toMatchObject({ formatId: "kingdee-k3", encoding: "gb18030" });
    expect(r.vouchers).toHaveLength(1);
    expect(r.vouchers[0]).toMatchObject({ voucherWord: "收", voucherNo: "3", date: "2024-03-15", preparer: "张三", cashier: "赵六" });
    expect(r.vouchers[0]?.lines.map((l) => [l.summary, l.accountCode, l.debit, l.credit, l.dimensions])).toEqual([
      ["收到货款", "1002.01", "11300.00", "0.00", {}],
      ["收到货款", "1122", "0.00", "11300.00", { customer: "华南贸易有限公司", department: "销售部" }],
    ]);
  });

  it("kingdee-cloud: XLSX with two title rows, merged cells, a date serial, text amounts and a float sum", async () => {
    const r = await parseFixture("kingdee-cloud/voucher-list.xlsx");
    expect(r.detection).toMatchObject({ formatId: "kingdee-cloud", container: "xlsx", headerRow: 3 });
    expect(r.rowErrors).toEqual([]);
    expect(r.lines.map((l) => l.rowNo)).toEqual([4, 5, 6, 7]);
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.date, v.lines.map((l) => [l.accountCode, l.debit, l.credit])])).toEqual([
      ["记", "7", "2024-03-15", [["6602.03", "12345.60", "0.00"], ["1001", "0.00", "12345.60"]]],
      ["转", "8", "2024-03-20", [["6603", "0.30", "0.00"], ["2231", "0.00", "0.30"]]],
    ]);
    expect(r.vouchers[0]?.lines[0]?.dimensions).toEqual({ department: "行政部", book: "001" });
  });

  it("kingdee-cloud: WebAPI JSON with preset voucher word and flex dimensions", async () => {
    const r = await parseFixture("kingdee-cloud/webapi-voucher.json");
    expect(r.detection).toMatchObject({ formatId: "kingdee-cloud", container: "json", reason: "erp.detected_by_content" });
    expect(r.vouchers).toEqual([
      expect.objectContaining({ voucherWord: "付", voucherNo: "9", date: "2024-03-18", attachmentCount: 1, externalId: "100231" }),
    ]);
    expect(r.vouchers[0]?.lines).toEqual([
      { seq: 1, summary: "支付招待费", accountCode: "6601.02", debit: "880.00", credit: "0.00", currency: "CNY", exchangeRate: "1", foreignAmount: "880", dimensions: { department: "BM02" } },
      { seq: 2, summary: "支付招待费", accountCode: "1002.01", debit: "0.00", credit: "880.00", currency: "CNY", exchangeRate: "1", foreignAmount: "880", dimensions: { settlementMethod: "JSFS04_SYS", settlementNo: "ZP0099" } },
    ]);
  });

  it("yonyou-u8: CSV with title rows, 凭证类别 words and thousands separators", async () => {
    const r = await parseFixture("yonyou-u8/voucher-list.csv");
    expect(r.detection).toMatchObject({ formatId: "yonyou-u8", headerRow: 3 });
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.date, v.attachmentCount, v.poster, v.cashier])).toEqual([
      ["收", "6", "2024-03-22", 3, "陈明", "孙丽"],
      ["转", "5", "2024-03-20", 1, "陈明", undefined],
    ]);
    expect(r.vouchers[0]?.lines[1]).toEqual({
      seq: 2,
      summary: "收到货款",
      accountCode: "1122",
      accountName: "应收账款",
      debit: "0.00",
      credit: "58000.00",
      currency: "CNY",
      dimensions: { department: "销售部", customer: "华南贸易有限公司" },
    });
  });

  it("a totals row at the foot of a list (合计) is not read as a line of the last voucher", async () => {
    const csv = [
      "制单日期,凭证类别,凭证编号,附单据数,摘要,科目编码,科目名称,借方金额,贷方金额",
      "2024-03-22,收款凭证,6,3,收到货款,1002,银行存款,\"58,000.00\",",
      ",,,,收到货款,1122,应收账款,,\"58,000.00\"",
      ",,,,合计,,,\"58,000.00\",\"58,000.00\"",
      "",
    ].join("\n");
    // A line of the voucher whose summary happens to read 合计 is still a line.
    const withLine = csv.replace(",,,,收到货款,1122", ",,,,合计,1122");
    const kept = await parseErpFile({ source: Buffer.from(withLine), fileName: "u8.csv", formatId: "yonyou-u8" });
    const keptEvents = [];
    for await (const e of kept.events) keptEvents.push(e);
    expect(keptEvents.map((e) => [e.type, e.rowNo])).toEqual([["line", 2], ["line", 3]]);
    const { events } = await parseErpFile({ source: Buffer.from(csv), fileName: "u8.csv", formatId: "yonyou-u8" });
    const all = [];
    for await (const e of events) all.push(e);
    expect(all.filter((e) => e.type === "error")).toEqual([]);
    expect(all.map((e) => e.rowNo)).toEqual([2, 3]);
    const k3 = await parseErpFile({ source: Buffer.from("日期,凭证字,凭证号,摘要,科目代码,借方,贷方\n2024-03-05,记,1,x,1001,1,0\n2024-03-05,记,1,x,1002,0,1\n总计,,,,,1,1\n"), fileName: "k3.csv", formatId: "kingdee-k3" });
    const k3Events = [];
    for await (const e of k3.events) k3Events.push(e);
    expect(k3Events.map((e) => [e.type, e.rowNo])).toEqual([["line", 2], ["line", 3]]);
    const gl = [
      "Posting Date,Account,Debit,Credit,Voucher Type,Voucher No,Remarks",
      ",'Opening',0,0,,,",
      "2024-03-08,6602 - 管理费用 - ACME,450.00,0.00,Journal Entry,ACC-JV-2024-00012,x",
      "2024-03-08,1001 - 库存现金 - ACME,0.00,450.00,Journal Entry,ACC-JV-2024-00012,x",
      ",'Total',450.00,450.00,,,",
      ",'Closing (Opening + Total)',450.00,450.00,,,",
    ].join("\n");
    const erpnext = await parseErpFile({ source: Buffer.from(gl), fileName: "gl.csv", formatId: "erpnext" });
    const glEvents = [];
    for await (const e of erpnext.events) glEvents.push(e);
    expect(glEvents.map((e) => [e.type, e.rowNo])).toEqual([["line", 3], ["line", 4]]);
  });

  it("yonyou-u8: EAI JSON with auxiliary dimensions and numbers as JSON numbers", async () => {
    const r = await parseFixture("yonyou-u8/eai-vouchers.json");
    expect(r.detection.formatId).toBe("yonyou-u8");
    expect(r.vouchers).toEqual([
      expect.objectContaining({ voucherWord: "付", voucherNo: "18", fiscalYear: 2024, period: 3, preparer: "王芳", reviewer: "刘强", cashier: "孙丽", attachmentCount: 2, externalId: "BX-2024-0318" }),
    ]);
    expect(r.vouchers[0]?.lines.map((l) => [l.accountCode, l.debit, l.credit, l.dimensions])).toEqual([
      ["6602.01", "2380.40", "0.00", { department: "0301", employee: "E017" }],
      ["1002", "0.00", "2380.40", {}],
    ]);
  });

  it("yonyou-nc: GL voucher XML with auxiliary items and escaped text", async () => {
    const r = await parseFixture("yonyou-nc/gl-vouchers.xml");
    expect(r.detection).toMatchObject({ formatId: "yonyou-nc", container: "xml" });
    expect(r.vouchers).toEqual([
      {
        sourceSystem: "yonyou-nc",
        fiscalYear: 2024,
        period: 3,
        voucherWord: "记",
        voucherNo: "31",
        date: "2024-03-29",
        summary: "支付货款 & 运费",
        preparer: "周敏",
        reviewer: "吴刚",
        poster: "郑洁",
        attachmentCount: 1,
        currency: "CNY",
        invoiceNumbers: [],
        documentRefs: [],
        lines: [
          { seq: 1, summary: "支付货款 & 运费", accountCode: "2202", debit: "20000.00", credit: "0.00", currency: "CNY", exchangeRate: "1", foreignAmount: "20000", dimensions: { supplier: "深圳电子元件厂" } },
          { seq: 2, summary: "支付货款 & 运费", accountCode: "1002", debit: "0.00", credit: "20000.00", currency: "CNY", dimensions: {} },
        ],
      },
    ]);
  });

  it("sap: year-end closing documents in special periods 13-16 are December's vouchers, not refused", async () => {
    const bkpf = [
      "BUKRS,BELNR,GJAHR,MONAT,BLART,BUDAT,SHKZG,HKONT,DMBTR,BUZEI",
      "1000,0100000099,2024,13,SA,20241231,S,410401,5000.00,001",
      "1000,0100000099,2024,13,SA,20241231,H,6001,5000.00,002",
    ].join("\n");
    const { events } = await parseErpFile({ source: Buffer.from(bkpf), fileName: "bkpf.csv", formatId: "sap-bkpf" });
    const all = [];
    for await (const e of events) all.push(e);
    expect(all.map((e) => (e.type === "line" ? [e.line.header.fiscalYear, e.line.header.period, e.line.header.voucherNo] : e.type))).toEqual([
      [2024, 12, "0100000099"],
      [2024, 12, "0100000099"],
    ]);
    const fbl3n = "Document Number\tFiscal Year\tPosting Period\tDocument Type\tPosting Date\tG/L Account\tAmount in local currency\tLine item\n0100000098\t2024\t16\tSA\t2024-12-31\t660203\t1.00\t1\n";
    const f = await parseErpFile({ source: Buffer.from(fbl3n), fileName: "fbl3n.tsv", formatId: "sap-fbl3n" });
    const fEvents = [];
    for await (const e of f.events) fEvents.push(e);
    expect(fEvents.map((e) => (e.type === "line" ? e.line.header.period : e.type))).toEqual([12]);
  });

  it("yonyou-nc: an XML with a DOCTYPE and an external entity is refused, never resolved", async () => {
    const r = await parseFixture("yonyou-nc/external-entity.xml");
    expect(r.lines).toEqual([]);
    expect(r.rowErrors).toEqual([{ type: "error", rowNo: 0, field: "", value: "", code: "erp.xml_doctype_forbidden", params: { row: 0 } }]);
    expect(JSON.stringify(r)).not.toContain("root:");
  });

  it("sap-fbl3n: German export sorted by account, 1.234,56 amounts, DD.MM.YYYY and S/H", async () => {
    const r = await parseFixture("sap-fbl3n/fbl3n-german.csv");
    expect(r.detection).toMatchObject({ formatId: "sap-fbl3n", delimiter: ";" });
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.date, v.documentRefs, v.lines.map((l) => [l.seq, l.accountCode, l.debit, l.credit])])).toEqual([
      ["KR", "1900000007", "2024-03-18", ["RE-77"], [[1, "220201", "0.00", "10000.00"], [2, "660201", "10000.00", "0.00"]]],
      ["SA", "0100000012", "2024-03-15", ["INV-88"], [[1, "660201", "1234.56", "0.00"], [2, "100201", "0.00", "1234.56"]]],
    ]);
    expect(r.vouchers[0]?.lines[0]?.dimensions).toEqual({ companyCode: "1000", assignment: "V-4711" });
  });

  it("sap-fbl3n: German download in Windows-1252 is detected by its umlaut headers and keeps its texts", async () => {
    const r = await parseFixture("sap-fbl3n/fbl3n-german-cp1252.csv");
    expect(r.detection).toMatchObject({ formatId: "sap-fbl3n", encoding: "windows1252", delimiter: ";", reason: "erp.detected_by_header" });
    expect(r.detection.headerCells).toContain("Betrag in Hauswährung");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherNo, v.summary, v.lines.map((l) => [l.accountCode, l.debit, l.credit, l.dimensions])])).toEqual([
      ["1900000007", "Gebühren Überweisung Müller & Söhne", [["660201", "10000.00", "0.00", { companyCode: "1000", costCenter: "CC200" }], ["220201", "0.00", "10000.00", { companyCode: "1000", assignment: "Straße 5" }]]],
      ["0100000012", "Büromaterial gemäß Bestellung", [["660201", "1234.56", "0.00", { companyCode: "1000", costCenter: "CC100" }], ["100201", "0.00", "1234.56", { companyCode: "1000" }]]],
    ]);
  });

  it("sap-fbl3n: English TSV with signed amounts", async () => {
    const r = await parseFixture("sap-fbl3n/fbl3n-english.tsv");
    expect(r.detection).toMatchObject({ formatId: "sap-fbl3n", delimiter: "\t" });
    expect(r.vouchers.map((v) => [v.period, v.voucherNo, v.lines.map((l) => [l.accountCode, l.debit, l.credit])])).toEqual([
      [4, "0100000031", [["660203", "12000.00", "0.00"], ["100201", "0.00", "12000.00"]]],
    ]);
  });

  it("sap-bkpf: flattened BKPF/BSEG with YYYYMMDD dates and SHKZG", async () => {
    const r = await parseFixture("sap-bkpf/bkpf-bseg.csv");
    expect(r.detection.formatId).toBe("sap-bkpf");
    expect(r.vouchers).toEqual([
      expect.objectContaining({ sourceSystem: "sap", voucherWord: "SA", voucherNo: "0100000020", date: "2024-03-25", summary: "计提3月房租" }),
    ]);
    expect(r.vouchers[0]?.lines.map((l) => [l.accountCode, l.debit, l.credit, l.dimensions.postingKey])).toEqual([
      ["660203", "5000.00", "0.00", "40"],
      ["224101", "0.00", "5000.00", "50"],
    ]);
  });

  it("odoo: move names give journal word and number; accounts split into code and name", async () => {
    const r = await parseFixture("odoo/journal-items.csv");
    expect(r.detection.formatId).toBe("odoo");
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.externalId, v.documentRefs, v.lines.map((l) => [l.accountCode, l.accountName, l.debit, l.credit])])).toEqual([
      ["BNK1", "00041", "BNK1/2024/00041", [], [["101401", "Bank", "58000.00", "0.00"], ["121000", "Account Receivable", "0.00", "58000.00"]]],
      ["MISC", "0003", "MISC/2024/03/0003", ["EXP-2024-031"], [["600000", "Expenses", "860.00", "0.00"], ["101000", "Current Assets", "0.00", "860.00"]]],
    ]);
  });

  it("erpnext: GL report and Journal Entry export", async () => {
    const gl = await parseFixture("erpnext/general-ledger.csv");
    expect(gl.detection.formatId).toBe("erpnext");
    expect(gl.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.lines.length])).toEqual([
      ["ACC-JV", "00012", 2],
      ["ACC-SINV", "00003", 3],
    ]);
    expect(gl.vouchers[1]?.lines[0]).toMatchObject({ accountCode: "1122", accountName: "应收账款", debit: "11300.00", dimensions: { customer: "华南贸易有限公司" } });
    const je = await parseFixture("erpnext/journal-entry-export.csv");
    expect(je.detection.formatId).toBe("erpnext");
    expect(je.vouchers.map((v) => [v.voucherNo, v.date, v.summary, v.lines.map((l) => [l.accountCode, l.debit, l.credit, l.dimensions.supplier])])).toEqual([
      ["00015", "2024-03-29", "支付货款", [["2202", "20000.00", "0.00", "深圳电子元件厂"], ["1002", "0.00", "20000.00", undefined]]],
    ]);
  });

  it("canonical-json: document with formatted and numeric amounts", async () => {
    const r = await parseFixture("canonical-json/vouchers.json");
    expect(r.detection.formatId).toBe("canonical-json");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.currency, v.invoiceNumbers, v.lines.map((l) => [l.debit, l.credit, l.exchangeRate])])).toEqual([
      ["记", "40", "CNY", ["24442000000123456789"], [["1200.50", "0.00", undefined], ["0.00", "1200.50", undefined]]],
      ["转", "41", "USD", [], [["100.00", "0.00", "7.1034"], ["0.00", "100.00", undefined]]],
    ]);
  });

  it("canonical-json: an amount written as a JSON number of 16 digits arrives exactly, not rounded as a double", async () => {
    const line = (debit: string, credit: string) => `{ "summary": "购置设备", "accountCode": "1601", "debit": ${debit}, "credit": ${credit} }`;
    const voucher = `{ "sourceSystem": "acta-push", "fiscalYear": 2024, "period": 3, "voucherWord": "记", "voucherNo": "9", "date": "2024-03-31", "lines": [${line("12345678901234.56", "0")}, ${line("0", "12345678901234.56")}] }`;
    for (const [fileName, text] of [["big.json", `{ "vouchers": [${voucher}] }`], ["big.jsonl", `${voucher}\n`]] as const) {
      const { events } = await parseErpFile({ source: Buffer.from(text), fileName, formatId: "canonical-json" });
      const lines = [];
      for await (const e of events) if (e.type === "line") lines.push(e.line.line);
      expect(lines.map((l) => [l.debit, l.credit])).toEqual([["12345678901234.56", "0.00"], ["0.00", "12345678901234.56"]]);
    }
  });

  it("canonical-json: JSON Lines, one voucher per line, errors carry the line", async () => {
    const r = await parseFixture("canonical-json/vouchers.jsonl");
    expect(r.detection.container).toBe("jsonl");
    expect(r.vouchers.map((v) => v.voucherNo)).toEqual(["7"]);
    expect(r.rowErrors).toEqual([
      { type: "error", rowNo: 2, field: "vouchers.0.lines.0.debit", value: "abc", code: "erp.amount_invalid", params: { row: 2, column: "vouchers.0.lines.0.debit", value: "abc", maxScale: 2 } },
    ]);
  });
});

describe("parseErpFile: problems a clerk can act on", () => {
  it("row errors carry row, column and value; voucher errors come from assembly", async () => {
    const r = await parseFixture("errors/k3-with-errors.csv");
    expect(r.detection.formatId).toBe("kingdee-k3");
    expect(r.rowErrors.map((e) => [e.rowNo, e.field, e.value, e.code])).toEqual([
      [2, "借方", "12,34x", "erp.amount_invalid"],
      [3, "日期", "2024-02-30", "erp.date_invalid"],
      [4, "科目代码", "", "erp.field_required"],
    ]);
    expect(r.voucherErrors).toEqual([
      {
        rowNo: 5,
        field: "lines",
        value: "1200/1100",
        code: "erp.unbalanced",
        params: { row: 5, word: "记", no: "24", year: "2024", period: "3", debitTotal: "1,200.00", creditTotal: "1,100.00" },
      },
    ]);
  });

  it("JSON and XML problems name the element path, on the voucher or on the entry", async () => {
    const xml = `<ufinterface billtype="gl"><voucher><voucher_head><voucher_type>记</voucher_type><fiscal_year>2024</fiscal_year>
      <accounting_period>13</accounting_period><voucher_id>1</voucher_id><prepareddate>2024-03-01</prepareddate></voucher_head>
      <voucher_body><entry><accsubjcode>1001</accsubjcode><natural_debit_currency>1O0</natural_debit_currency></entry></voucher_body></voucher></ufinterface>`;
    const { events } = await parseErpFile({ source: Buffer.from(xml), fileName: "nc.xml" });
    const all = [];
    for await (const e of events) all.push(e);
    expect(all.map((e) => e.type === "error" && [e.rowNo, e.field, e.value, e.code])).toEqual([
      [1, "voucher.0.voucher_head.accounting_period", "13", "erp.period_invalid"],
      [1, "voucher.0.voucher_body.entry.0.natural_debit_currency", "1O0", "erp.amount_invalid"],
    ]);
    const json = JSON.stringify({ voucher: [{ voucher_type: "记", voucher_id: "x", date: "2024-03-01", entry: [{ account_code: "1001", natural_debit_currency: 1 }] }] });
    const u8 = await parseErpFile({ source: Buffer.from(json), fileName: "u8.json" });
    const u8Errors = [];
    for await (const e of u8.events) u8Errors.push(e);
    expect(u8Errors.map((e) => e.type === "error" && [e.field, e.code])).toEqual([["voucher.0.voucher_id", "erp.voucher_no_invalid"]]);
  });

  it("a JSON/XML voucher without entries is reported, not silently skipped", async () => {
    const xml = `<ufinterface billtype="gl"><voucher><voucher_head><voucher_type>记</voucher_type><fiscal_year>2024</fiscal_year>
      <accounting_period>3</accounting_period><voucher_id>7</voucher_id><prepareddate>2024-03-01</prepareddate></voucher_head>
      <voucher_body></voucher_body></voucher></ufinterface>`;
    const { events } = await parseErpFile({ source: Buffer.from(xml), fileName: "nc.xml" });
    const all = [];
    for await (const e of events) all.push(e);
    expect(all).toEqual([
      {
        type: "error",
        rowNo: 1,
        field: "voucher.0.voucher_body.entry",
        value: "",
        code: "erp.no_lines",
        params: { row: 1, word: "记", no: "7", year: 2024, period: 3 },
      },
    ]);
    const json = JSON.stringify({ Model: [{ FDate: "2024-03-01", FVOUCHERGROUPNO: "8", FEntity: [] }] });
    const cloud = await parseErpFile({ source: Buffer.from(json), fileName: "cloud.json" });
    const cloudEvents = [];
    for await (const e of cloud.events) cloudEvents.push(e);
    expect(cloudEvents.map((e) => e.type === "error" && [e.rowNo, e.field, e.code, e.params.no])).toEqual([[1, "0.FEntity", "erp.no_lines", "8"]]);
  });

  it("reads a GBK export whose first 64 KiB are plain ASCII as GBK, not as UTF-8 garbage", async () => {
    const ascii = "FDATE,FPERIOD,FGROUP,FNUM,FENTRYID,FEXP,FACCTID,FDEBIT,FCREDIT\n" + "2024-03-05,3,JI,1,0,travel,1001,12.50,0\n2024-03-05,3,JI,1,1,travel,1002,0,12.50\n".repeat(1500);
    const tail = "2024-03-06,3,记,2,0,报销差旅费,1001,1200.50,0\n2024-03-06,3,记,2,1,报销差旅费,1002,0,1200.50\n";
    const bytes = Buffer.concat([Buffer.from(ascii), iconv.encode(tail, "gbk")]);
    expect(bytes.subarray(0, 64 * 1024).every((b) => b < 0x80)).toBe(true);
    const { events } = await parseErpFile({ source: bytes, fileName: "k3.csv" });
    let last;
    for await (const e of events) last = e;
    expect(last?.type === "line" && [last.line.header.voucherWord, last.line.line.summary]).toEqual(["记", "报销差旅费"]);
  });

  it("a missing required column is one file-level problem", async () => {
    const { events } = await parseErpFile({ source: Buffer.from("FDATE,FNUM,FEXP,FDEBIT,FCREDIT\n2024-03-01,1,x,1,0\n"), fileName: "k3.csv", formatId: "kingdee-k3" });
    const all = [];
    for await (const e of events) all.push(e);
    expect(all).toEqual([{ type: "error", rowNo: 0, field: "FACCTID", value: "", code: "erp.missing_column", params: { row: 0, column: "FACCTID" } }]);
  });

  it("an unrecognised file says so instead of guessing", async () => {
    const { detection, events } = await parseErpFile({ source: Buffer.from("foo,bar\n1,2\n"), fileName: "x.csv" });
    expect(detection).toMatchObject({ formatId: null, reason: "erp.detected_none" });
    const all = [];
    for await (const e of events) all.push(e);
    expect(all.map((e) => e.type === "error" && e.code)).toEqual(["erp.format_unknown"]);
  });

  it("a chosen format wins over detection and says so", async () => {
    const r = await parseFixture("sap-bkpf/bkpf-bseg.csv", { formatId: "sap-bkpf" });
    expect(r.detection).toMatchObject({ formatId: "sap-bkpf", reason: "erp.detected_given" });
  });
});

describe("parseErpFile: streaming", () => {
  it("yields the first line before the source is exhausted and keeps memory flat", async () => {
    const total = 200_000;
    let produced = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      yield Buffer.from("FDATE,FPERIOD,FGROUP,FNUM,FENTRYID,FEXP,FACCTID,FDEBIT,FCREDIT\n");
      for (let i = 0; i < total; i += 1000) {
        let chunk = "";
        for (let j = i; j < i + 1000; j += 1) chunk += `2024-03-05,3,记,${Math.floor(j / 2) + 1},${j % 2},报销差旅费,${j % 2 ? "1001" : "6602.03"},${j % 2 ? 0 : "12.50"},${j % 2 ? "12.50" : 0}\n`;
        produced += 1000;
        yield Buffer.from(chunk);
      }
    }
    const { events } = await parseErpFile({ source: source(), fileName: "big.csv" });
    let count = 0;
    let producedAtFirst = -1;
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    for await (const e of events) {
      if (count === 0) producedAtFirst = produced;
      if (e.type === "line") count += 1;
      if (count % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(total);
    expect(producedAtFirst).toBeLessThan(total / 4);
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  }, 60_000);
});
