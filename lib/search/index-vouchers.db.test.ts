import { inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordSearch } from "@/db/schema";
import { makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { travelVoucher } from "@/lib/erp/__fixtures__/vouchers";
import { pushVouchers } from "@/lib/erp/import/push-vouchers";
import type { CanonicalVoucherInput } from "@/lib/erp/model";
import { indexRecords } from "./index-records";
import { searchDocument } from "./index-vouchers";

const samples: CanonicalVoucherInput[] = [
  travelVoucher,
  {
    // Mixed case, full-width and compatibility characters (NFKC), İ, a line summary unlike the title,
    // empty and repeated parts, dimensions, invoices and documents (one cited twice), a padded number.
    ...travelVoucher,
    voucherWord: "转",
    voucherNo: "0007",
    summary: "FP2024 Ｉnvoice İstanbul 差旅费 ㈱ 㐀䶿豈﫿",
    invoiceNumbers: ["25442000000123456789", "1100231130-01234567"],
    documentRefs: ["BX-2024-0001", "ZP9", "BX-2024-0001"],
    lines: [
      { seq: 1, summary: "", accountCode: "6602.01", accountName: "管理费用-差旅费", debit: "10.50", credit: "0", dimensions: { project: "P-01 阿里", customer: "", dept: "财务部" } },
      { seq: 2, summary: "Hotel ＡＢＣ 住宿", accountCode: "6602.01", debit: "0.50", credit: "0", dimensions: { dept: "财务部" } },
      { seq: 3, summary: "FP2024 Ｉnvoice İstanbul 差旅费 ㈱ 㐀䶿豈﫿", accountCode: "1002", accountName: "银行存款", debit: "0", credit: "11.00" },
    ],
  },
  {
    // Over 1,024 runs, so positions reach their cap of 16383, and a word repeated past 256 positions.
    ...travelVoucher,
    voucherNo: "13",
    summary: "报 ".repeat(200).trim(),
    lines: Array.from({ length: 8 }, (_, i) => ({
      seq: i + 1,
      summary: `L${i} ${"a1 ".repeat(150)}`,
      accountCode: i === 0 ? "6602" : "1001",
      debit: i === 0 ? "7" : "0",
      credit: i === 0 ? "0" : "1",
    })),
  },
];

async function searchRows(ids: string[]) {
  const { db } = testDb();
  return db
    .select({ id: recordSearch.recordId, fy: recordSearch.fiscalYear, kind: recordSearch.periodKind, p: recordSearch.period, d: recordSearch.docDate, amount: recordSearch.amount, catalog: recordSearch.catalogText, detail: recordSearch.detailText, doc: sql<string>`${recordSearch.doc}::text` })
    .from(recordSearch)
    .where(inArray(recordSearch.recordId, ids))
    .orderBy(recordSearch.recordId);
}

describe("indexVouchers", () => {
  it("writes for imported vouchers exactly the search rows indexRecords computes from the tables", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const pushed = await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "a", body: { vouchers: samples } });
    if (!pushed.ok) throw new Error(pushed.error.code);
    // An update is indexed the same way as a creation.
    const changed = { ...samples[1]!, summary: "改过的 Title", lines: samples[1]!.lines.map((l) => ({ ...l, summary: `${l.summary}X` })) };
    const again = await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "b", body: { vouchers: [changed] } });
    expect(again.ok && again.value.results[0]?.outcome).toBe("updated");
    const ids = pushed.value.results.map((r) => r.recordId!);
    expect(ids.every(Boolean) && ids.length === samples.length).toBe(true);

    const written = await searchRows(ids);
    await indexRecords(db, ids);
    const recomputed = await searchRows(ids);
    expect(written).toEqual(recomputed);
    expect(written[0]!.doc).not.toBe("");
  });

  it("builds the tsvector acta_search_vector builds for the same texts", async () => {
    const { db } = testDb();
    // Over 1,024 runs, so positions reach their cap of 16383 before the code: a code word the text already
    // holds at the cap ('a1') gets no position there, one it lacks gets the cap. And a word past 256
    // positions, whose dropped ones do not count in the shift before the code.
    const capped = `报 ${"a1 ".repeat(1100)}z001`;
    const texts = [
      { catalogWords: "报销差旅费 · 记-12", detailText: "6602.01 管理费用-差旅费 · 财务部 · BX-1 O'Brien \\x", accountCodes: ["ACCT6602.01", "ACCT1001", "ACCTa'b c"], archivalCode: null },
      { catalogWords: "报销差旅费 · 记-12", detailText: "6602.01 管理费用-差旅费 · 财务部", accountCodes: ["ACCT6602.01", "ACCT1001"], archivalCode: "Z001-KU·PZ·2024·D30-0001-0012" },
      { catalogWords: "", detailText: "", accountCodes: [], archivalCode: null },
      { catalogWords: "", detailText: "", accountCodes: [], archivalCode: "Z001-2024-0001" },
      { catalogWords: "ÄÖÜ ß ǅ", detailText: "１２３ ＡＢＣ 〇", accountCodes: [], archivalCode: "ＡＢＣ-差旅-0001" },
      { catalogWords: "报销", detailText: capped, accountCodes: ["ACCT1001"], archivalCode: "Z001-a1-报销-0001" },
      { catalogWords: "报销", detailText: `z001 ${"a1 ".repeat(300)}`, accountCodes: [], archivalCode: "a1-z001-0001" },
    ];
    for (const t of texts) {
      const [row] = (await db.execute(sql`
        select (acta_search_vector(${t.catalogWords}, 'A') || acta_search_vector(${t.detailText}, 'D')
          || array_to_tsvector(${sql.param(t.accountCodes)}::text[]) || acta_search_vector(${t.archivalCode}, 'A'))::text as sql, (${searchDocument(t)}::tsvector)::text as js`)) as unknown as { sql: string; js: string }[];
      expect(row!.js).toBe(row!.sql);
    }
  });
});
