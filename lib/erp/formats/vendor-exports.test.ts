import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { fixtureBytes } from "@/lib/erp/__fixtures__/parse-fixture";
import { assembleVouchers } from "@/lib/erp/assemble-vouchers";
import type { FormatId, ParseEvent } from "@/lib/erp/formats/types";
import { parseErpFile } from "@/lib/erp/parse-file";

const csv = (rows: string[][]) => rows.map((r) => r.map((c) => `"${c}"`).join(",")).join("\r\n") + "\r\n";

/** What each ERP really exports, as small synthetic files shaped like the vendors' own output. */
async function parse(text: string | Buffer, fileName: string, formatId?: FormatId) {
  const { detection, events } = await parseErpFile({ source: Buffer.isBuffer(text) ? text : Buffer.from(text), fileName, formatId });
  const all: ParseEvent[] = [];
  for await (const e of events) all.push(e);
  const lines = all.flatMap((e) => (e.type === "line" ? [e] : []));
  const assembled = assembleVouchers(lines);
  return { detection, rowErrors: all.filter((e) => e.type === "error"), leftOut: all.flatMap((e) => (e.type === "left_out" ? [[e.rowNo, e.value]] : [])), vouchers: assembled.vouchers.map((v) => v.voucher), voucherErrors: assembled.errors };
}

describe("yonyou-nc: the ufinterface voucher XML as NC's exchange platform writes it", () => {
  it("reads entry_id, account_code, 原币/本币 amounts, quantities, posting_person and auxiliary_accounting", async () => {
    const r = await parse(fixtureBytes("yonyou-nc/ufinterface-voucher.xml"), "voucher.xml");
    expect(r.detection).toMatchObject({ formatId: "yonyou-nc", container: "xml" });
    expect(r.rowErrors).toEqual([]);
    expect(r.voucherErrors).toEqual([]);
    expect(r.vouchers).toEqual([
      {
        sourceSystem: "yonyou-nc",
        fiscalYear: 2024,
        period: 4,
        voucherWord: "记",
        voucherNo: "52",
        date: "2024-04-18",
        summary: "收到美元货款",
        preparer: "周敏",
        reviewer: "吴刚",
        poster: "郑洁",
        cashier: "孙丽",
        attachmentCount: 2,
        currency: "CNY",
        invoiceNumbers: [],
        documentRefs: [],
        lines: [
          { seq: 1, summary: "收到美元货款", accountCode: "100202", debit: "7100.00", credit: "0.00", currency: "USD", exchangeRate: "7.1", foreignAmount: "1000", dimensions: {} },
          {
            seq: 2,
            summary: "收到美元货款",
            accountCode: "1122",
            debit: "0.00",
            credit: "7100.00",
            currency: "USD",
            exchangeRate: "7.1",
            foreignAmount: "1000",
            dimensions: { customer: "C0107", department: "0301" },
          },
          { seq: 3, summary: "钢材入库", accountCode: "1405", debit: "10500.00", credit: "0.00", currency: "CNY", exchangeRate: "1", foreignAmount: "10500", quantity: "2.5", unitPrice: "4200", dimensions: {} },
          { seq: 4, summary: "钢材入库", accountCode: "2202", debit: "0.00", credit: "10500.00", currency: "CNY", exchangeRate: "1", foreignAmount: "10500", dimensions: { supplier: "S003" } },
        ],
      },
    ]);
  });
});

describe("yonyou-u8: the EAI/OpenAPI voucher as U8 loads it", () => {
  it("keeps 记账人 (posting_person), 原币 per side and quantities per side", async () => {
    const voucher = {
      voucher: {
        voucher_type: "转",
        fiscal_year: "2024",
        accounting_period: "4",
        voucher_id: "33",
        attachment_number: "1",
        date: "2024-04-25",
        enter: "王芳",
        cashier: "",
        signature: "",
        checker: "刘强",
        posting_date: "2024-04-30",
        posting_person: "陈明",
        voucher_making_system: "",
        reserve2: "",
        revokeflag: "",
        entry: [
          {
            entry_id: "1",
            account_code: "1122",
            abstract: "出口销售",
            currency: "USD",
            exchange_rate2: "7.1",
            debit_quantity: "0",
            primary_debit_amount: "500",
            natural_debit_currency: "3550",
            credit_quantity: "0",
            primary_credit_amount: "0",
            natural_credit_currency: "0",
            auxiliary: { cust_id: "C0107" },
          },
          {
            entry_id: "2",
            account_code: "6001",
            abstract: "出口销售",
            unit_price: "355",
            debit_quantity: "0",
            primary_debit_amount: "0",
            natural_debit_currency: "0",
            credit_quantity: "10",
            primary_credit_amount: "0",
            natural_credit_currency: "3550",
          },
        ],
      },
    };
    const r = await parse(JSON.stringify(voucher), "u8-voucher.json");
    expect(r.detection.formatId).toBe("yonyou-u8");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers).toEqual([
      expect.objectContaining({ voucherWord: "转", voucherNo: "33", preparer: "王芳", reviewer: "刘强", poster: "陈明", attachmentCount: 1 }),
    ]);
    expect(r.vouchers[0]?.lines).toEqual([
      { seq: 1, summary: "出口销售", accountCode: "1122", debit: "3550.00", credit: "0.00", currency: "USD", exchangeRate: "7.1", foreignAmount: "500", dimensions: { customer: "C0107" } },
      { seq: 2, summary: "出口销售", accountCode: "6001", debit: "0.00", credit: "3550.00", quantity: "10", unitPrice: "355", dimensions: {} },
    ]);
  });
});

describe("erpnext: what the Journal Entry export and the ledgers really hold", () => {
  it("reads the General Ledger of a company in any currency (Debit (USD)) and the GL Entry list (Debit Amount)", async () => {
    const report = csv([
      ["Posting Date", "Account", "Debit (USD)", "Credit (USD)", "Balance (USD)", "Voucher Type", "Voucher No", "Against Account", "Remarks"],
      ["2024-03-08", "6602 - Office Expenses - ACUS", "450.00", "0.00", "450.00", "Journal Entry", "ACC-JV-2024-00012", "1001 - Cash - ACUS", "Office supplies"],
      ["2024-03-08", "1001 - Cash - ACUS", "0.00", "450.00", "0.00", "Journal Entry", "ACC-JV-2024-00012", "6602 - Office Expenses - ACUS", "Office supplies"],
    ]);
    const list = csv([
      ["ID", "Posting Date", "Account", "Debit Amount", "Credit Amount", "Voucher Type", "Voucher No", "Remarks"],
      ["ACC-GLE-2024-00031", "2024-03-08", "6602 - Office Expenses - ACUS", "450", "0", "Journal Entry", "ACC-JV-2024-00012", "Office supplies"],
      ["ACC-GLE-2024-00032", "2024-03-08", "1001 - Cash - ACUS", "0", "450", "Journal Entry", "ACC-JV-2024-00012", "Office supplies"],
    ]);
    for (const [text, fileName] of [[report, "General Ledger.csv"], [list, "GL Entry.csv"]] as const) {
      const r = await parse(text, fileName);
      expect(r.detection.formatId).toBe("erpnext");
      expect(r.rowErrors).toEqual([]);
      expect(r.vouchers.map((v) => [v.voucherNo, v.lines.map((l) => [l.accountCode, l.debit, l.credit])])).toEqual([
        ["00012", [["6602", "450.00", "0.00"], ["1001", "0.00", "450.00"]]],
      ]);
    }
  });
  it("a foreign-currency line exported without its company-currency amount is refused, never archived at the account-currency figure", async () => {
    const text = csv([
      ["ID", "Entry Type", "Posting Date", "User Remark", "Account (Accounting Entries)", "Exchange Rate (Accounting Entries)", "Debit (Accounting Entries)", "Credit (Accounting Entries)"],
      ["ACC-JV-2024-00022", "Bank Entry", "2024-04-11", "美元户间调拨", "1002.02 - 中国银行美元户 - ACME", "7.1", "1000", "0"],
      ["", "", "", "", "1002.03 - 招商银行美元户 - ACME", "7.1", "0", "1000"],
      ["ACC-JV-2024-00023", "Journal Entry", "2024-04-12", "报销", "6602 - 管理费用 - ACME", "1", "300", "0"],
      ["", "", "", "", "1001 - 库存现金 - ACME", "1", "0", "300"],
    ]);
    const r = await parse(text, "Journal Entry.csv");
    expect(r.rowErrors.map((e) => e.type === "error" && [e.rowNo, e.code, e.field, e.params.no])).toEqual([
      [2, "erp.missing_column", "Debit in Company Currency (Accounting Entries)", "22"],
      [3, "erp.missing_column", "Debit in Company Currency (Accounting Entries)", "22"],
    ]);
    expect(r.vouchers.map((v) => [v.voucherNo, v.lines.map((l) => l.debit)])).toEqual([["00023", ["300.00", "0.00"]]]);
  });

  it("amended documents (ACC-JV-2024-00015-1) keep their series and counter instead of colliding with each other", async () => {
    const text = csv([
      ["Posting Date", "Account", "Debit (CNY)", "Credit (CNY)", "Balance (CNY)", "Voucher Type", "Voucher No", "Against Account", "Remarks"],
      ["2024-03-12", "6602 - 管理费用 - ACME", "300.00", "0.00", "300.00", "Journal Entry", "ACC-JV-2024-00015-1", "1001 - 库存现金 - ACME", "报销交通费"],
      ["2024-03-12", "1001 - 库存现金 - ACME", "0.00", "300.00", "0.00", "Journal Entry", "ACC-JV-2024-00015-1", "6602 - 管理费用 - ACME", "报销交通费"],
      ["2024-03-14", "6602 - 管理费用 - ACME", "80.00", "0.00", "80.00", "Journal Entry", "ACC-JV-2024-00016-1", "1001 - 库存现金 - ACME", "报销停车费"],
      ["2024-03-14", "1001 - 库存现金 - ACME", "0.00", "80.00", "0.00", "Journal Entry", "ACC-JV-2024-00016-1", "6602 - 管理费用 - ACME", "报销停车费"],
      ["2024-03-15", "6602 - 管理费用 - ACME", "20.00", "0.00", "20.00", "Journal Entry", "JV-2024-001", "1001 - 库存现金 - ACME", "报销快递费"],
      ["2024-03-15", "1001 - 库存现金 - ACME", "0.00", "20.00", "0.00", "Journal Entry", "JV-2024-001", "6602 - 管理费用 - ACME", "报销快递费"],
    ]);
    const r = await parse(text, "General Ledger.csv");
    expect(r.voucherErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.externalId, v.lines.length])).toEqual([
      ["ACC-JV", "00015", "ACC-JV-2024-00015-1", 2],
      ["ACC-JV", "00016", "ACC-JV-2024-00016-1", 2],
      ["JV", "001", "JV-2024-001", 2],
    ]);
  });
  it("cancelled GL entries (Is Cancelled = 1: the original and its reversal) are no voucher", async () => {
    const text = csv([
      ["ID", "Posting Date", "Account", "Debit Amount", "Credit Amount", "Voucher Type", "Voucher No", "Is Cancelled", "Remarks"],
      ["ACC-GLE-2024-00101", "2024-03-20", "6602 - 管理费用 - ACME", "500", "0", "Journal Entry", "ACC-JV-2024-00017", "1", "误录"],
      ["ACC-GLE-2024-00102", "2024-03-20", "1001 - 库存现金 - ACME", "0", "500", "Journal Entry", "ACC-JV-2024-00017", "1", "误录"],
      ["ACC-GLE-2024-00103", "2024-03-20", "6602 - 管理费用 - ACME", "0", "500", "Journal Entry", "ACC-JV-2024-00017", "1", "On cancellation of ACC-JV-2024-00017"],
      ["ACC-GLE-2024-00104", "2024-03-20", "1001 - 库存现金 - ACME", "500", "0", "Journal Entry", "ACC-JV-2024-00017", "1", "On cancellation of ACC-JV-2024-00017"],
      ["ACC-GLE-2024-00105", "2024-03-21", "6602 - 管理费用 - ACME", "450", "0", "Journal Entry", "ACC-JV-2024-00018", "0", "报销办公用品"],
      ["ACC-GLE-2024-00106", "2024-03-21", "1001 - 库存现金 - ACME", "0", "450", "Journal Entry", "ACC-JV-2024-00018", "0", "报销办公用品"],
    ]);
    const r = await parse(text, "GL Entry.csv");
    expect(r.rowErrors).toEqual([]);
    expect(r.voucherErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherNo, v.lines.map((l) => [l.accountCode, l.debit, l.credit])])).toEqual([
      ["00018", [["6602", "450.00", "0.00"], ["1001", "0.00", "450.00"]]],
    ]);
    // Left out, not lost: counted row by row so the import's rows add up to the file's.
    expect(r.leftOut).toEqual([[2, "1"], [3, "1"], [4, "1"], [5, "1"]]);
  });
  it("a foreign-currency line's Debit (Accounting Entries) is in the account's currency; the voucher takes the company-currency column", async () => {
    const text = csv([
      ["ID", "Entry Type", "Posting Date", "Company", "User Remark", "Account (Accounting Entries)", "Account Currency (Accounting Entries)", "Exchange Rate (Accounting Entries)", "Debit (Accounting Entries)", "Debit in Company Currency (Accounting Entries)", "Credit (Accounting Entries)", "Credit in Company Currency (Accounting Entries)"],
      ["ACC-JV-2024-00021", "Bank Entry", "2024-04-10", "ACME", "收到美元货款", "1002.02 - 中国银行美元户 - ACME", "USD", "7.1", "1000", "7100", "0", "0"],
      ["", "", "", "", "", "1122 - 应收账款 - ACME", "CNY", "1", "0", "0", "7100", "7100"],
    ]);
    const r = await parse(text, "Journal Entry.csv");
    expect(r.detection.formatId).toBe("erpnext");
    expect(r.rowErrors).toEqual([]);
    expect(r.voucherErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherNo, v.lines.map((l) => [l.accountCode, l.debit, l.credit, l.currency, l.exchangeRate, l.foreignAmount])])).toEqual([
      [
        "00021",
        [
          ["1002.02", "7100.00", "0.00", "USD", "7.1", "1000"],
          ["1122", "0.00", "7100.00", "CNY", "1", "7100"],
        ],
      ],
    ]);
  });
});

describe("odoo: journal items as the list export writes them", () => {
  it("the Journal Entry column is the move's display name, which adds its reference in brackets", async () => {
    const text = csv([
      ["Journal Entry", "Date", "Journal", "Account", "Partner", "Label", "Debit", "Credit"],
      ["MISC/2024/03/0003 (EXP-2024-031)", "2024-03-28", "Miscellaneous Operations", "600000 Expenses", "", "报销差旅费", "860.00", "0.00"],
      ["MISC/2024/03/0003 (EXP-2024-031)", "2024-03-28", "Miscellaneous Operations", "101000 Current Assets", "", "报销差旅费", "0.00", "860.00"],
      ["BILL/2024/03/0007 (FAC 118)", "2024-03-29", "Vendor Bills", "600000 Expenses", "深圳电子元件厂", "Office chairs", "2000.00", "0.00"],
      ["BILL/2024/03/0007 (FAC 118)", "2024-03-29", "Vendor Bills", "211000 Account Payable", "深圳电子元件厂", "", "0.00", "2000.00"],
    ]);
    const r = await parse(text, "account.move.line.csv");
    expect(r.detection.formatId).toBe("odoo");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.externalId, v.lines.length])).toEqual([
      ["BILL", "0007", "BILL/2024/03/0007", 2],
      ["MISC", "0003", "MISC/2024/03/0003", 2],
    ]);
  });
  it("draft and cancelled moves (Status / parent_state) are not vouchers; a draft's label never becomes a voucher word", async () => {
    const withStatus = csv([
      ["Journal Entry", "Date", "Account", "Label", "Debit", "Credit", "Status"],
      ["MISC/2024/03/0004", "2024-03-29", "600000 Expenses", "预提", "100.00", "0.00", "Cancelled"],
      ["MISC/2024/03/0004", "2024-03-29", "211000 Account Payable", "预提", "0.00", "100.00", "Cancelled"],
      ["Draft Entry MISC/2024/03/0005", "2024-03-30", "600000 Expenses", "待审", "70.00", "0.00", "Draft"],
      ["Draft Entry MISC/2024/03/0005", "2024-03-30", "101000 Current Assets", "待审", "0.00", "70.00", "Draft"],
      ["MISC/2024/03/0006", "2024-03-31", "600000 Expenses", "报销", "50.00", "0.00", "Posted"],
      ["MISC/2024/03/0006", "2024-03-31", "101000 Current Assets", "报销", "0.00", "50.00", "Posted"],
    ]);
    const r = await parse(withStatus, "account.move.line.csv");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo])).toEqual([["MISC", "0006"]]);
    expect(r.leftOut).toEqual([[2, "Cancelled"], [3, "Cancelled"], [4, "Draft"], [5, "Draft"]]);

    const technical = withStatus.replace('"Journal Entry","Date","Account","Label","Debit","Credit","Status"', '"move_id","date","account_id","name","debit","credit","parent_state"').replace(/"Cancelled"/g, '"cancel"').replace(/"Draft"/g, '"draft"').replace(/"Posted"/g, '"posted"');
    const t = await parse(technical, "account.move.line.csv", "odoo");
    expect(t.rowErrors).toEqual([]);
    expect(t.vouchers.map((v) => [v.voucherWord, v.voucherNo])).toEqual([["MISC", "0006"]]);

    const noStatus = csv([
      ["Journal Entry", "Date", "Account", "Label", "Debit", "Credit"],
      ["Draft Entry MISC/2024/03/0005", "2024-03-30", "600000 Expenses", "待审", "70.00", "0.00"],
    ]);
    const d = await parse(noStatus, "account.move.line.csv", "odoo");
    expect(d.vouchers).toEqual([]);
    expect(d.rowErrors.map((e) => e.type === "error" && [e.code, e.value])).toEqual([["erp.voucher_no_invalid", "Draft Entry MISC/2024/03/0005"]]);
  });
});

describe("sap-fbl3n: the user's decimal notation, not the logon language, decides how amounts are written", () => {
  it("English headers with 1.234,56 amounts and trailing minus; German headers with 1,234.56 amounts", async () => {
    const english = [
      "Company Code\tDocument Number\tFiscal Year\tPosting Period\tDocument Type\tPosting Date\tText\tG/L Account\tDebit/Credit ind\tAmount in local currency\tLocal Currency",
      "1000\t0100000045\t2024\t5\tSA\t06.05.2024\tMiete Mai\t660203\tS\t12.500,00\tEUR",
      "1000\t0100000045\t2024\t5\tSA\t06.05.2024\tMiete Mai\t113100\tH\t12.500,00-\tEUR",
    ].join("\r\n");
    const german = [
      "Buchungskreis;Belegnummer;Geschäftsjahr;Buchungsperiode;Belegart;Buchungsdatum;Text;Sachkonto;Soll/Haben-Kennz.;Betrag in Hauswährung;Hauswährung",
      "2000;0100000046;2024;5;SA;07.05.2024;房租;660203;S;1,234.56;CNY",
      "2000;0100000046;2024;5;SA;07.05.2024;房租;100201;H;1,234.56-;CNY",
    ].join("\r\n");
    const e = await parse(english, "fbl3n.txt");
    expect(e.detection.formatId).toBe("sap-fbl3n");
    expect(e.rowErrors).toEqual([]);
    expect(e.vouchers.map((v) => [v.voucherNo, v.lines.map((l) => [l.accountCode, l.debit, l.credit])])).toEqual([
      ["0100000045", [["660203", "12500.00", "0.00"], ["113100", "0.00", "12500.00"]]],
    ]);
    const g = await parse(german, "fbl3n.csv");
    expect(g.detection.formatId).toBe("sap-fbl3n");
    expect(g.rowErrors).toEqual([]);
    expect(g.vouchers.map((v) => [v.voucherNo, v.lines.map((l) => [l.accountCode, l.debit, l.credit])])).toEqual([
      ["0100000046", [["660203", "1234.56", "0.00"], ["100201", "0.00", "1234.56"]]],
    ]);
  });
});

describe("yonyou: a voided voucher (revokeflag, 作废) is not in the books", () => {
  it("is left out of NC XML and U8 JSON, its neighbours kept", async () => {
    const head = (no: string, revoke: string) =>
      `<voucher_head><voucher_type>记账凭证</voucher_type><fiscal_year>2024</fiscal_year><accounting_period>05</accounting_period><voucher_id>${no}</voucher_id><prepareddate>2024-05-06</prepareddate><enter>周敏</enter><revokeflag>${revoke}</revokeflag></voucher_head>`;
    const body =
      "<voucher_body><entry><entry_id>1</entry_id><account_code>6602</account_code><abstract>办公费</abstract><natural_debit_currency>100</natural_debit_currency><natural_credit_currency>0</natural_credit_currency></entry>" +
      "<entry><entry_id>2</entry_id><account_code>1001</account_code><abstract>办公费</abstract><natural_debit_currency>0</natural_debit_currency><natural_credit_currency>100</natural_credit_currency></entry></voucher_body>";
    const xml = `<?xml version="1.0" encoding="UTF-8"?><ufinterface roottag="voucher" billtype="gl" proc="add"><voucher>${head("7", "Y")}${body}</voucher><voucher>${head("8", "N")}${body}</voucher></ufinterface>`;
    const nc = await parse(xml, "vouchers.xml");
    expect(nc.rowErrors).toEqual([]);
    expect(nc.vouchers.map((v) => v.voucherNo)).toEqual(["8"]);

    const entry = [
      { entry_id: "1", account_code: "6602", abstract: "办公费", natural_debit_currency: "100", natural_credit_currency: "0" },
      { entry_id: "2", account_code: "1001", abstract: "办公费", natural_debit_currency: "0", natural_credit_currency: "100" },
    ];
    const voucher = (no: string, revokeflag: string) => ({ voucher_type: "记", fiscal_year: "2024", accounting_period: "5", voucher_id: no, date: "2024-05-06", enter: "王芳", revokeflag, entry });
    const u8 = await parse(JSON.stringify({ voucher: [voucher("11", "1"), voucher("12", "")] }), "u8.json");
    expect(u8.detection.formatId).toBe("yonyou-u8");
    expect(u8.rowErrors).toEqual([]);
    expect(u8.vouchers.map((v) => v.voucherNo)).toEqual(["12"]);
  });
});

describe("sap: document currency beside local currency", () => {
  it("FBL3N keeps the document-currency amount and currency; BKPF's HWAER is the voucher's currency", async () => {
    const fbl3n = [
      "Company Code\tDocument Number\tFiscal Year\tPosting Period\tDocument Type\tPosting Date\tG/L Account\tAmount in local currency\tLocal Currency\tAmount in doc. curr.\tDocument currency",
      "1000\t1400000012\t2024\t6\tDZ\t2024-06-05\t100202\t7,100.00\tCNY\t1,000.00\tUSD",
      "1000\t1400000012\t2024\t6\tDZ\t2024-06-05\t112201\t-7,100.00\tCNY\t-1,000.00\tUSD",
    ].join("\n");
    const f = await parse(fbl3n, "fbl3n.txt");
    expect(f.rowErrors).toEqual([]);
    expect(f.vouchers.map((v) => [v.currency, v.lines.map((l) => [l.accountCode, l.debit, l.credit, l.currency, l.foreignAmount])])).toEqual([
      ["CNY", [["100202", "7100.00", "0.00", "USD", "1000"], ["112201", "0.00", "7100.00", "USD", "-1000"]]],
    ]);
    const bkpf = [
      "BUKRS,BELNR,GJAHR,MONAT,BLART,BUDAT,WAERS,HWAER,BUZEI,SHKZG,HKONT,DMBTR,WRBTR",
      "2000,0100000031,2024,6,SA,20240610,USD,HKD,001,S,660203,7800.00,1000.00",
      "2000,0100000031,2024,6,SA,20240610,USD,HKD,002,H,100201,7800.00,1000.00",
    ].join("\n");
    const b = await parse(bkpf, "bkpf.csv");
    expect(b.rowErrors).toEqual([]);
    expect(b.vouchers.map((v) => [v.currency, v.lines.map((l) => [l.debit, l.credit, l.currency, l.foreignAmount])])).toEqual([
      ["HKD", [["7800.00", "0.00", "USD", "1000"], ["0.00", "7800.00", "USD", "1000"]]],
    ]);
  });
});

describe("currencies as Kingdee and Yonyou name them", () => {
  it("云星空's preset currency numbers and names (PRE002 香港元, PRE004 日本日圆) are ISO codes, not refused", async () => {
    const entry = (id: number, account: string, currency: string, rate: number, amountFor: number, debit: number, credit: number) => ({
      FEntryID: id,
      FEXPLANATION: "港币收款",
      FACCOUNTID: { FNumber: account },
      FCURRENCYID: { FNumber: currency },
      FEXCHANGERATE: rate,
      FAMOUNTFOR: amountFor,
      FDEBIT: debit,
      FCREDIT: credit,
    });
    const model = {
      Model: {
        FDate: "2024-05-08 00:00:00",
        FYEAR: 2024,
        FPERIOD: 5,
        FVOUCHERGROUPID: { FNumber: "PRE002" },
        FVOUCHERGROUPNO: "14",
        FEntity: [entry(1, "1002.03", "PRE002", 0.92, 10000, 9200, 0), entry(2, "1122", "PRE004", 0.046, 200000, 0, 9200)],
      },
    };
    const r = await parse(JSON.stringify(model), "voucher.json");
    expect(r.detection.formatId).toBe("kingdee-cloud");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherWord, v.lines.map((l) => l.currency)])).toEqual([["收", ["HKD", "JPY"]]]);

    const list = csv([
      ["日期", "会计年度", "期间", "凭证字", "凭证号", "摘要", "科目编码", "科目名称", "币别", "汇率", "原币金额", "借方金额", "贷方金额"],
      ["2024-05-08", "2024", "5", "收", "14", "港币收款", "1002.03", "银行存款-港币户", "香港元", "0.92", "10000", "9200", ""],
      ["2024-05-08", "2024", "5", "收", "14", "港币收款", "1122", "应收账款", "新台币元", "0.22", "41818.18", "", "9200"],
    ]);
    const l = await parse(list, "凭证查询.csv");
    expect(l.detection.formatId).toBe("kingdee-cloud");
    expect(l.rowErrors).toEqual([]);
    expect(l.vouchers.map((v) => v.lines.map((x) => x.currency))).toEqual([["HKD", "TWD"]]);
  });
});

describe("kingdee-k3: the voucher exchange DBF saved as a table", () => {
  it("reads FPERIOD, FNUM and FENTRYID written as the DBF's N(10,5) numbers (3.00000)", async () => {
    const text = [
      "FDATE,FTRANSDATE,FPERIOD,FGROUP,FNUM,FENTRYID,FEXP,FACCTID,FCLSNAME1,FOBJID1,FOBJNAME1,FCYID,FEXCHRATE,FDC,FFCYAMT,FDEBIT,FCREDIT,FPREPARE",
      "2025/3/3,2025/3/3,3.00000,转,12.00000,0.00000,华南贸易 开票,1131,客户,华南,华南贸易有限公司,RMB,1.00000,D,11300.00000,11300.00000,0.00000,张三",
      "2025/3/3,2025/3/3,3.00000,转,12.00000,1.00000,华南贸易 开票,5101,,,,RMB,1.00000,C,10000.00000,0.00000,10000.00000,张三",
      "2025/3/3,2025/3/3,3.00000,转,12.00000,2.00000,华南贸易 开票,2171.01.05,,,,RMB,1.00000,C,1300.00000,0.00000,1300.00000,张三",
    ].join("\r\n");
    const r = await parse(text, "KingdeeVoucher.csv");
    expect(r.detection.formatId).toBe("kingdee-k3");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.fiscalYear, v.period, v.voucherWord, v.voucherNo, v.preparer, v.lines.map((l) => [l.accountCode, l.debit, l.credit, l.dimensions])])).toEqual([
      [2025, 3, "转", "12", "张三", [["1131", "11300.00", "0.00", { customer: "华南贸易有限公司" }], ["5101", "0.00", "10000.00", {}], ["2171.01.05", "0.00", "1300.00", {}]]],
    ]);
  });
});

describe("detection of close and technical headers", () => {
  it("an Odoo import-compatible export (technical field names) is recognised as Odoo", async () => {
    const text = csv([
      ["id", "move_id", "date", "account_id", "partner_id", "name", "debit", "credit"],
      ["__export__.account_move_line_88_1a2b", "MISC/2024/03/0006", "2024-03-31", "600000 Expenses", "", "报销", "50.0", "0.0"],
      ["__export__.account_move_line_89_3c4d", "MISC/2024/03/0006", "2024-03-31", "101000 Current Assets", "", "报销", "0.0", "50.0"],
    ]);
    const r = await parse(text, "account.move.line.csv");
    expect(r.detection.formatId).toBe("odoo");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.lines.map((l) => [l.accountCode, l.debit, l.credit])])).toEqual([
      ["MISC", "0006", [["600000", "50.00", "0.00"], ["101000", "0.00", "50.00"]]],
    ]);
  });
});

describe("sap-bkpf: documents that post nothing", () => {
  it("recurring-entry originals, sample documents and noted items (BSTAT D, M, S) are no vouchers", async () => {
    const text = [
      "BUKRS,BELNR,GJAHR,MONAT,BLART,BUDAT,BSTAT,BUZEI,SHKZG,HKONT,DMBTR",
      "1000,9100000001,2024,1,SA,20240101,D,001,S,660203,5000.00",
      "1000,9100000001,2024,1,SA,20240101,D,002,H,224101,5000.00",
      "1000,0100000050,2024,6,SA,20240628,,001,S,660203,5000.00",
      "1000,0100000050,2024,6,SA,20240628,,002,H,224101,5000.00",
      "1000,1600000003,2024,6,DZ,20240628,S,001,S,112301,800.00",
      "1000,1600000003,2024,6,DZ,20240628,S,002,H,196000,800.00",
    ].join("\n");
    const r = await parse(text, "bkpf-bseg.csv");
    expect(r.detection.formatId).toBe("sap-bkpf");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers.map((v) => v.voucherNo)).toEqual(["0100000050"]);
  });
});

describe("sap: the user's date format", () => {
  it("MM/DD/YYYY and MM-DD-YYYY (SAP date formats 2 and 3) are read; SAP has no day-first slash format", async () => {
    const text = [
      "Document Number\tFiscal Year\tPosting Period\tDocument Type\tPosting Date\tG/L Account\tAmount in local currency",
      "0100000061\t2024\t4\tSA\t04/02/2024\t660203\t300.00",
      "0100000061\t2024\t4\tSA\t04/02/2024\t100201\t-300.00",
      "0100000062\t2024\t12\tSA\t12-31-2024\t660203\t20.00",
      "0100000062\t2024\t12\tSA\t12-31-2024\t100201\t-20.00",
    ].join("\n");
    const r = await parse(text, "fbl3n.txt");
    expect(r.detection.formatId).toBe("sap-fbl3n");
    expect(r.rowErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherNo, v.date, v.period])).toEqual([
      ["0100000061", "2024-04-02", 4],
      ["0100000062", "2024-12-31", 12],
    ]);
    const bkpf = ["BELNR,GJAHR,MONAT,BLART,BUDAT,SHKZG,HKONT,DMBTR", "0100000063,2024,4,SA,04/03/2024,S,660203,1.00", "0100000063,2024,4,SA,04/03/2024,H,100201,1.00"].join("\n");
    const b = await parse(bkpf, "bkpf.csv");
    expect(b.rowErrors).toEqual([]);
    expect(b.vouchers.map((v) => v.date)).toEqual(["2024-04-03"]);
  });
});

describe("kingdee-cloud: the 引入/引出 template (field keys over field names, head on a voucher's first row)", () => {
  it("reads 云星空's export template with preset numbers for 凭证字 and 币别 and 核算维度 by flex field", async () => {
    const columns: [string, string][] = [
      ["FBillHead(GL_VOUCHER)", "*单据头(序号)"],
      ["FAccountBookID", "*(单据头)账簿#编码"],
      ["FAccountBookID#Name", "(单据头)账簿#名称"],
      ["FDate", "*(单据头)日期"],
      ["FYEAR", "(单据头)会计年度"],
      ["FPERIOD", "(单据头)期间"],
      ["FVOUCHERGROUPID", "*(单据头)凭证字#编码"],
      ["FVOUCHERGROUPID#Name", "(单据头)凭证字#名称"],
      ["FVOUCHERGROUPNO", "*(单据头)凭证号"],
      ["FATTACHMENTS", "(单据头)附件数"],
      ["FACCBOOKORGID", "*(单据头)核算组织#编码"],
      ["*Split*1", "间隔列"],
      ["FEntity", "*分录(序号)"],
      ["FEXPLANATION", "(分录)摘要"],
      ["FACCOUNTID", "*(分录)科目编码#编码"],
      ["FACCOUNTID#Name", "(分录)科目编码#名称"],
      ["FDetailID#FFlex5", "(分录)部门#编码"],
      ["FDetailID#FFlex5#Name", "(分录)部门#名称(Null)"],
      ["FDetailID#FFlex4", "(分录)供应商#编码"],
      ["FDetailID#FFlex4#Name", "(分录)供应商#名称(Null)"],
      ["FCURRENCYID", "*(分录)币别#编码"],
      ["FCURRENCYID#Name", "(分录)币别#名称"],
      ["FEXCHANGERATETYPE", "*(分录)汇率类型#编码"],
      ["FEXCHANGERATE", "(分录)汇率"],
      ["FAMOUNTFOR", "(分录)原币金额"],
      ["FDEBIT", "(分录)借方金额"],
      ["FCREDIT", "(分录)贷方金额"],
    ];
    const head = (seq: number, date: string, group: string, word: string, no: number, attachments: number) => [seq, "001", "示例公司总账", date, 2024, 3, group, word, no, attachments, "100", ""];
    const blankHead = ["", "", "", "", "", "", "", "", "", "", "", ""];
    const entry = (seq: number, text: string, account: string, name: string, dept: string, supplier: string, currency: string, currencyName: string, rate: number, amountFor: number, debit: number | string, credit: number | string) =>
      [seq, text, account, name, dept, "", supplier, "", currency, currencyName, "HLTX01_SYS", rate, amountFor, debit, credit];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("凭证#单据头(FBillHead)");
    sheet.addRow(columns.map(([key]) => key));
    sheet.addRow(columns.map(([, label]) => label));
    sheet.addRow([...head(1, "2024-03-18", "PRE001", "记", 9, 1), ...entry(1, "报销差旅费", "6602.03", "管理费用-差旅费", "BM02", "", "PRE001", "人民币", 1, 880, 880, "")]);
    sheet.addRow([...blankHead, ...entry(2, "报销差旅费", "1001", "库存现金", "", "", "PRE001", "人民币", 1, 880, "", 880)]);
    sheet.addRow([...head(2, "2024-03-20", "PRE004", "转", 10, 0), ...entry(1, "计提推广费", "6601.03", "销售费用-推广费", "", "", "PRE007", "美元", 7.1, 100, 710, "")]);
    sheet.addRow([...blankHead, ...entry(2, "计提推广费", "2202.02", "应付账款-暂估", "", "V001", "PRE007", "美元", 7.1, 100, "", 710)]);
    const r = await parse(Buffer.from(await workbook.xlsx.writeBuffer()), "凭证_引出.xlsx");
    expect(r.detection.formatId).toBe("kingdee-cloud");
    expect(r.rowErrors).toEqual([]);
    expect(r.voucherErrors).toEqual([]);
    expect(r.vouchers.map((v) => [v.voucherWord, v.voucherNo, v.date, v.period, v.attachmentCount])).toEqual([
      ["记", "9", "2024-03-18", 3, 1],
      ["转", "10", "2024-03-20", 3, 0],
    ]);
    expect(r.vouchers.flatMap((v) => v.lines.map((l) => [l.accountCode, l.accountName, l.debit, l.credit, l.currency, l.foreignAmount, l.dimensions]))).toEqual([
      ["6602.03", "管理费用-差旅费", "880.00", "0.00", "CNY", "880", { department: "BM02" }],
      ["1001", "库存现金", "0.00", "880.00", "CNY", "880", {}],
      ["6601.03", "销售费用-推广费", "710.00", "0.00", "USD", "100", {}],
      ["2202.02", "应付账款-暂估", "0.00", "710.00", "USD", "100", { supplier: "V001" }],
    ]);
  });
});

describe("one voucher number in two companies", () => {
  it("an FBL3N list over two company codes does not merge their documents that share a number", async () => {
    const text = [
      "Company Code\tDocument Number\tFiscal Year\tPosting Period\tDocument Type\tPosting Date\tG/L Account\tAmount in local currency",
      "1000\t0100000001\t2024\t1\tSA\t2024-01-05\t660203\t100.00",
      "1000\t0100000001\t2024\t1\tSA\t2024-01-05\t100201\t-100.00",
      "2000\t0100000001\t2024\t1\tSA\t2024-01-05\t660203\t250.00",
      "2000\t0100000001\t2024\t1\tSA\t2024-01-05\t100201\t-250.00",
    ].join("\n");
    const r = await parse(text, "fbl3n.txt");
    expect(r.vouchers).toEqual([]);
    expect(r.voucherErrors.map((e) => [e.rowNo, e.code, e.field, e.value, e.params.first])).toEqual([
      [4, "erp.header_conflict", "companyCode", "2000", "1000"],
      [5, "erp.header_conflict", "companyCode", "2000", "1000"],
    ]);
  });
});
