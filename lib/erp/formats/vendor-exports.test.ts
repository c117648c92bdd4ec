import { describe, expect, it } from "vitest";
import { fixtureBytes } from "@/lib/erp/__fixtures__/parse-fixture";
import { assembleVouchers } from "@/lib/erp/assemble-vouchers";
import type { FormatId, ParseEvent } from "@/lib/erp/formats/types";
import { parseErpFile } from "@/lib/erp/parse-file";

/** What each ERP really exports, as small synthetic files shaped like the vendors' own output. */
async function parse(text: string | Buffer, fileName: string, formatId?: FormatId) {
  const { detection, events } = await parseErpFile({ source: Buffer.isBuffer(text) ? text : Buffer.from(text), fileName, formatId });
  const all: ParseEvent[] = [];
  for await (const e of events) all.push(e);
  const lines = all.flatMap((e) => (e.type === "line" ? [e] : []));
  const assembled = assembleVouchers(lines);
  return { detection, rowErrors: all.filter((e) => e.type === "error"), vouchers: assembled.vouchers.map((v) => v.voucher), voucherErrors: assembled.errors };
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
