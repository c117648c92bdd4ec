import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { makeSourceDocument, makeVolume, makeVoucher, sealVolume } from "@/db/test/search-factories";
import { testDb } from "@/db/test/setup";
import type { Actor } from "@/lib/context";
import { getBrowseTree } from "@/lib/records/get-browse-tree";
import { indexRecords } from "./index-records";
import { COUNT_CAP, NODE_COUNT_CAP } from "./limits";
import { parseQuery } from "./parse-query";
import { type SearchResult, searchRecords, searchScope } from "./search-records";
import { SearchInput } from "./search-input";
import { type SearchPath, searchSql } from "./search-sql";

// A browse-tree node is counted exactly up to NODE_COUNT_CAP; lowered here so a test fonds can pass it.
vi.mock("./limits", async (original) => ({ ...(await original<typeof import("./limits")>()), NODE_COUNT_CAP: 2_000 }));

const { db } = testDb();
let fondsA: { id: string; code: string };
let fondsB: { id: string; code: string };
let archivist: Actor;
let borrower: Actor;
const ids: Record<string, string> = {};

async function search(actor: Actor, query: Record<string, unknown>): Promise<SearchResult> {
  const r = await searchRecords(contextFor(db, actor), { fondsId: fondsA.id, ...query });
  if (!r.ok) throw new Error(`search failed: ${r.error.code}`);
  return r.value;
}
const titles = (r: SearchResult) => r.items.map((i) => i.title).sort();

beforeAll(async () => {
  fondsA = await makeFonds(db);
  fondsB = await makeFonds(db);
  archivist = (await makeUser(db, [{ role: "archivist", fondsId: fondsA.id }])).actor;
  borrower = (await makeUser(db, [{ role: "borrower", fondsId: fondsA.id }])).actor;
  const volumeId = await makeVolume(db, { fondsId: fondsA.id, fiscalYear: 2023, period: 3, title: "2023年3月 记账凭证 第1册" });
  ids.travel = await makeVoucher(db, {
    fondsId: fondsA.id,
    title: "张伟报销3月差旅费 北京出差",
    date: "2023-03-15",
    amount: "1280.50",
    voucherNo: "12",
    invoiceNos: ["25312000000385708609"],
    lines: [
      { accountCode: "660201", accountName: "管理费用-差旅费", debit: "1280.50", dimensions: { department: "销售部", employee: "张伟" } },
      { accountCode: "1002", accountName: "银行存款", credit: "1280.50" },
    ],
    state: "archived",
    archivalCode: `${fondsA.code}-KU·PZ·2023·D30-0001-0012`,
    volumeId,
  });
  await sealVolume(db, volumeId);
  ids.entertainment = await makeVoucher(db, {
    fondsId: fondsA.id,
    title: "业务招待费",
    date: "2023-04-02",
    amount: "560.00",
    lines: [
      { accountCode: "660202", accountName: "管理费用-业务招待费", debit: "560.00", dimensions: { customer: "南京金陵商贸有限公司" } },
      { accountCode: "1001", accountName: "库存现金", credit: "560.00" },
    ],
  });
  ids.vat = await makeVoucher(db, {
    fondsId: fondsA.id,
    title: "缴纳2023年3月增值税",
    date: "2024-04-10",
    amount: "98000.00",
    lines: [
      { accountCode: "22210102", accountName: "应交税费-应交增值税", debit: "98000.00" },
      { accountCode: "1002", accountName: "银行存款", credit: "98000.00" },
    ],
  });
  ids.script = await makeVoucher(db, { fondsId: fondsA.id, title: "<script>alert('差旅')</script> 报销", date: "2023-05-20" });
  ids.other = await makeVoucher(db, { fondsId: fondsB.id, title: "李娜报销差旅费", date: "2023-03-16" });
  ids.invoice = await makeSourceDocument(db, {
    fondsId: fondsA.id,
    title: "增值税电子普通发票 北京恒通物流有限公司",
    documentNo: "24312000000111122223",
    counterparty: "北京恒通物流有限公司",
  });
});

describe("searchRecords: words", () => {
  it("finds two-character Chinese terms, and only where they occur", async () => {
    expect(titles(await search(archivist, { q: "差旅" }))).toEqual(["<script>alert('差旅')</script> 报销", "张伟报销3月差旅费 北京出差"]);
    expect(titles(await search(archivist, { q: "招待费" }))).toEqual(["业务招待费"]);
    expect(titles(await search(archivist, { q: "增值税" }))).toEqual(["增值税电子普通发票 北京恒通物流有限公司", "缴纳2023年3月增值税"]);
    // The pairs of a phrase must be adjacent: 旅招 occurs nowhere as such.
    expect((await search(archivist, { q: "费业" })).total).toBe(0);
  });

  it("finds mixed Chinese and digits", async () => {
    expect(titles(await search(archivist, { q: "3月差旅" }))).toEqual(["张伟报销3月差旅费 北京出差"]);
    expect(titles(await search(archivist, { q: "2023年3月" }))).toEqual(["缴纳2023年3月增值税"]);
  });

  it("finds invoice numbers cited by a voucher and held by a source document", async () => {
    const r = await search(archivist, { q: "25312000000385708609" });
    expect(r.items.map((i) => i.id)).toEqual([ids.travel]);
    expect(r.items[0]!.fragments).toContain("<mark>25312000000385708609</mark>");
    expect((await search(archivist, { q: "24312000000111122223" })).items.map((i) => i.id)).toEqual([ids.invoice]);
  });

  it("finds archival codes whole or by their parts, and voucher numbers", async () => {
    expect((await search(archivist, { q: `${fondsA.code}-KU·PZ·2023·D30-0001-0012` })).items.map((i) => i.id)).toEqual([ids.travel]);
    expect((await search(archivist, { q: "记-12" })).items.map((i) => i.id)).toEqual([ids.travel]);
    // Parts in another order are not the code.
    expect((await search(archivist, { q: `0012-0001` })).total).toBe(0);
  });

  it("finds a voucher number typed with the leading zeros of the printed voucher (付-0007 is 付-7)", async () => {
    const fonds = await makeFonds(db);
    const actor = (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor;
    const paid = await makeVoucher(db, { fondsId: fonds.id, title: "支付房租", voucherWord: "付", voucherNo: "7" });
    const found = async (q: string) => {
      const r = await searchRecords(contextFor(db, actor), { fondsId: fonds.id, q });
      if (!r.ok) throw new Error(r.error.code);
      return r.value.items.map((i) => i.id);
    };
    for (const q of ["付-0007", "付-007", "付0007", "0007", "付-7"]) expect(await found(q), q).toEqual([paid]);
    expect(await found("付-0070")).toEqual([]);
  });

  it("finds a voucher number as word and number together, not every voucher of that word mentioning the number", async () => {
    const fonds = await makeFonds(db);
    const actor = (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor;
    const rent = await makeVoucher(db, { fondsId: fonds.id, title: "支付房租", voucherNo: "12" });
    await makeVoucher(db, { fondsId: fonds.id, title: "计提12月工资", voucherNo: "5" });
    await makeVoucher(db, { fondsId: fonds.id, title: "银行存款转账 12", voucherWord: "银付", voucherNo: "3" });
    const paid = await makeVoucher(db, { fondsId: fonds.id, title: "支付货款", voucherWord: "银付", voucherNo: "12" });
    const found = async (q: string) => {
      const r = await searchRecords(contextFor(db, actor), { fondsId: fonds.id, q });
      if (!r.ok) throw new Error(r.error.code);
      return r.value.items.map((i) => i.id);
    };
    expect(await found("记-12")).toEqual([rent]);
    expect(await found("记12")).toEqual([rent]);
    expect(await found("银付-12")).toEqual([paid]);
    // The typed characters may end a longer run of the text.
    const tax = await makeVoucher(db, { fondsId: fonds.id, title: "缴纳增值税2023年度 代扣个税2023", voucherNo: "40" });
    expect(await found("增值税2023")).toEqual([tax]);
    expect(await found("个税2023")).toEqual([tax]);
    expect(await found("税2023")).toEqual([tax]);
    expect(await found("增值税2024")).toEqual([]);
  });

  it("finds account names, account codes and counterparties (dimensions)", async () => {
    expect(titles(await search(archivist, { q: "库存现金" }))).toEqual(["业务招待费"]);
    expect(titles(await search(archivist, { q: "660202" }))).toEqual(["业务招待费"]);
    expect(titles(await search(archivist, { q: "金陵商贸" }))).toEqual(["业务招待费"]);
    expect(titles(await search(archivist, { q: "恒通物流" }))).toEqual(["增值税电子普通发票 北京恒通物流有限公司"]);
  });

  it("highlights with <mark> and keeps a <script> in a summary as text", async () => {
    const r = await search(archivist, { q: "差旅" });
    const item = r.items.find((i) => i.id === ids.script)!;
    expect(item.titleHtml).toBe("&lt;script&gt;alert(&#39;<mark>差旅</mark>&#39;)&lt;/script&gt; 报销");
    const travel = r.items.find((i) => i.id === ids.travel)!;
    expect(travel.titleHtml).toBe("张伟报销3月<mark>差旅</mark>费 北京出差");
    expect(travel.fragments).toContain("660201 管理费用-<mark>差旅</mark>费");
  });

  it("finds nothing, not every record, for words it cannot look up (punctuation, characters the index does not cut)", async () => {
    for (const q of ["——", "𠮷", "「」", "%"]) {
      const r = await search(archivist, { q });
      expect({ q, total: r.total, items: r.items.length }).toEqual({ q, total: 0, items: 0 });
    }
    // An unsearchable part beside a searchable one leaves the searchable one.
    expect(titles(await search(archivist, { q: "「招待费」" }))).toEqual(["业务招待费"]);
  });

  it("re-indexing picks up a new archival code", async () => {
    const id = await makeVoucher(db, { fondsId: fondsA.id, title: "支付银行手续费", date: "2022-01-05" });
    expect((await search(archivist, { q: "Q-9-77" })).total).toBe(0);
    await db.execute(sql`update records set archival_code = 'Q-9-77' where id = ${id}`);
    await indexRecords(db, [id]);
    expect((await search(archivist, { q: "Q-9-77" })).items.map((i) => i.id)).toEqual([id]);
  });
});

describe("searchRecords: filters and sort", () => {
  it("applies every filter", async () => {
    const only = async (query: Record<string, unknown>) => (await search(archivist, { q: "差旅", ...query })).items.map((i) => i.id);
    expect(await only({ fiscalYear: "2023", period: "3" })).toEqual([ids.travel]);
    expect(await only({ period: "5" })).toEqual([ids.script]);
    expect(await only({ state: "archived" })).toEqual([ids.travel]);
    expect(await only({ category: "ledger" })).toEqual([]);
    expect(await only({ account: "6602" })).toEqual([ids.travel]);
    expect(await only({ amountMin: "1000", amountMax: "2000.00" })).toEqual([ids.travel]);
    expect(await only({ dateFrom: "2023-05-01", dateTo: "2023-05-31" })).toEqual([ids.script]);
    const volume = (await search(archivist, { q: "差旅" })).items.find((i) => i.id === ids.travel)!.volumeId;
    expect(await only({ volumeId: volume })).toEqual([ids.travel]);
    // Filters work without words too (browsing).
    const browse = await search(archivist, { fiscalYear: "2024" });
    expect(browse.items.map((i) => i.id)).toEqual([ids.vat]);
    expect(browse.items[0]!.fragments).toEqual([]);
  });

  it("sorts by date, amount and archival code, newest first by default", async () => {
    const r = await search(archivist, { q: "报销" });
    expect(r.items.map((i) => i.docDate)).toEqual(["2023-05-20", "2023-03-15"]);
    expect((await search(archivist, { q: "报销", sort: "date_asc" })).items.map((i) => i.docDate)).toEqual(["2023-03-15", "2023-05-20"]);
    expect((await search(archivist, { account: "1002", sort: "amount_desc" })).items[0]!.amount).toBe("98000.00");
    expect((await search(archivist, { q: "差旅", sort: "code_asc" })).items[0]!.id).toBe(ids.travel);
  });

  it("sorts and filters a record without a date as of the end of its period, shows no date, and names the voucher it supports", async () => {
    const fonds = await makeFonds(db);
    const actor = (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor;
    const march = await makeVoucher(db, { fondsId: fonds.id, title: "银行付款 3月", date: "2023-03-20", voucherWord: "付", voucherNo: "23" });
    const april = await makeVoucher(db, { fondsId: fonds.id, title: "银行付款 4月", date: "2023-04-02" });
    const receipt = await makeSourceDocument(db, { fondsId: fonds.id, title: "银行回单.pdf", documentNo: "HD-0001", date: "2023-03-01", undated: true });
    const order = async (query: Record<string, unknown>) => {
      const r = await searchRecords(contextFor(db, actor), { fondsId: fonds.id, ...query });
      if (!r.ok) throw new Error(r.error.code);
      return r.value.items;
    };
    // Browsing (the filters' path) and searching (the match path), both directions: never first for being undated.
    for (const q of [{}, { q: "银行" }]) {
      expect((await order(q)).map((i) => i.id)).toEqual([april, receipt, march]);
      expect((await order({ ...q, sort: "date_asc" })).map((i) => i.id)).toEqual([march, receipt, april]);
    }
    const listed = await order({});
    expect(listed.find((i) => i.id === receipt)).toMatchObject({ docDate: null, supportsVoucher: null });
    // Linked, the receipt names the voucher it supports; a voucher names none.
    await db.execute(sql`insert into record_links (from_record_id, to_record_id, link_type) values (${march}, ${receipt}, 'source_document')`);
    const linked = await order({ q: "银行" });
    expect(linked.map((i) => [i.id, i.supportsVoucher])).toEqual([[april, null], [receipt, "付-23"], [march, null]]);
    expect((await order({ dateFrom: "2023-03-21", dateTo: "2023-03-31" })).map((i) => i.id)).toEqual([receipt]);
    expect((await order({ dateFrom: "2023-03-01", dateTo: "2023-03-30" })).map((i) => i.id)).toEqual([march]);
  });

  it("pages", async () => {
    const first = await search(archivist, { pageSize: "2", page: "1" });
    const second = await search(archivist, { pageSize: "2", page: "2" });
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(second.total);
    expect(first.items.map((i) => i.id)).not.toEqual(expect.arrayContaining(second.items.map((i) => i.id)));
    // Past the last match: no items, and still the total.
    const beyond = await search(archivist, { pageSize: "2", page: "9" });
    expect({ items: beyond.items, total: beyond.total }).toEqual({ items: [], total: first.total });
  });
});

describe("searchRecords: permissions", () => {
  it("never shows a user of fonds A the records of fonds B", async () => {
    const r = await searchRecords(contextFor(db, archivist), { q: "差旅" });
    expect(r.ok && r.value.items.map((i) => i.fondsId)).toEqual([fondsA.id, fondsA.id]);
    const other = await searchRecords(contextFor(db, archivist), { q: "差旅", fondsId: fondsB.id });
    expect(!other.ok && other.error.code).toBe("auth.forbidden");
  });

  it("shows a borrower the catalogue only: no amounts, no line details, no detail-only matches", async () => {
    const r = await search(borrower, { q: "差旅" });
    const travel = r.items.find((i) => i.id === ids.travel)!;
    expect(travel.amount).toBeNull();
    expect(travel.fragments.join()).not.toContain("管理费用");
    // 库存现金 is only in the lines; the borrower cannot find a record by it.
    expect((await search(borrower, { q: "库存现金" })).total).toBe(0);
    // Amount filters would reveal amounts: they leave out what the borrower reads only as a catalogue.
    expect((await search(borrower, { amountMin: "1" })).total).toBe(0);
    expect(searchScope({ actor: borrower })).toEqual({ full: [], catalogOnly: [fondsA.id] });
  });

  it("does not let a borrower rank records by the amounts it may not see", async () => {
    // Amounts in fonds A: vat 98000, travel 1280.50, entertainment 560; sorted by them, the order told which was largest.
    const ranked = async (sort: string) => (await search(borrower, { sort, pageSize: "100" })).items.map((i) => i.id);
    const byId = (await search(borrower, { pageSize: "100" })).items.map((i) => i.id).sort();
    expect(await ranked("amount_asc")).toEqual(byId);
    expect(await ranked("amount_desc")).toEqual([...byId].reverse());
    // Where it reads fully, the amounts still sort.
    expect((await search(archivist, { sort: "amount_desc" })).items[0]!.id).toBe(ids.vat);
  });

  it("refuses users without catalogue access", async () => {
    const nobody = (await makeUser(db, [])).actor;
    const r = await searchRecords(contextFor(db, nobody), { q: "差旅" });
    expect(!r.ok && r.error.code).toBe("auth.forbidden");
  });
});

describe("searchRecords: bad input changes nothing and says what is wrong", () => {
  it.each([
    [{ fondsId: "x" }, "fondsId"],
    [{ fiscalYear: "abc" }, "fiscalYear"],
    [{ period: "13" }, "period"],
    [{ category: "letters" }, "category"],
    [{ state: "lost" }, "state"],
    [{ amountMin: "1e5" }, "amountMin"],
    [{ amountMin: "10", amountMax: "5" }, "amountMax"],
    [{ dateFrom: "2023-02-30" }, "dateFrom"],
    [{ dateFrom: "2023-05-01", dateTo: "2023-04-01" }, "dateTo"],
    [{ expiresFrom: "2054-01-01", expiresTo: "2053-12-31" }, "expiresTo"],
    [{ account: "6602%" }, "account"],
    [{ pageSize: "500" }, "pageSize"],
    [{ sort: "random" }, "sort"],
    [{ q: "差".repeat(201) }, "q"],
    [{ q: "差旅\u0000" }, "q"],
  ])("%j → validation error on %s", async (query, field) => {
    const r = await searchRecords(contextFor(db, archivist), query);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("validation.invalid_input");
      expect(Object.keys(r.error.fields ?? {})).toEqual([field]);
    }
  });

  it("refuses pages past the offset limit", async () => {
    const r = await searchRecords(contextFor(db, archivist), { page: "500", pageSize: "100" });
    expect(!r.ok && r.error).toEqual({ code: "search.page_too_deep", params: { max: 10000 } });
  });
});

describe("searchRecords: totals and plans", () => {
  it("counts exactly up to the cap and estimates beyond it", async () => {
    const big = await makeFonds(db);
    const actor = (await makeUser(db, [{ role: "archivist", fondsId: big.id }])).actor;
    const rows = (await db.execute(sql`
      insert into records (fonds_id, category, material_type, fiscal_year, period_kind, period, title, doc_date, amount, retention, source_system, source_key)
      select ${big.id}, 'voucher', 'voucher', 2023, 'month', 1, '批量报销差旅费 ' || g, date '2023-01-01' + (g % 28), 10, 'Y30', 'test', 'bulk-' || g
      from generate_series(1, ${COUNT_CAP + 100}) g returning id`)) as unknown as { id: string }[];
    await indexRecords(db, rows.map((r) => r.id));
    await db.execute(sql`analyze record_search`);
    const r = await searchRecords(contextFor(db, actor), { q: "差旅", fondsId: big.id });
    expect(r.ok && r.value.totalIsEstimate).toBe(true);
    expect(r.ok && r.value.total).toBeGreaterThan(COUNT_CAP);
    // Past the cap the page comes from the walk; it must be the page the match path sorts out, page after page.
    for (const query of [{ q: "差旅" }, { q: "差旅", sort: "date_asc", page: "3" }, { q: "报销差旅", fiscalYear: "2023", page: "2" }]) {
      const input = SearchInput.parse({ fondsId: big.id, ...query });
      const { page, walkable } = searchSql(input, parseQuery(input.q!), searchScope({ actor })!);
      expect(walkable).toBe(true);
      const ids = async (path: SearchPath) => ((await db.execute(page(path))) as unknown as { id: string }[]).map((row) => row.id);
      const walked = await ids("walk");
      expect(walked).toHaveLength(50);
      expect(walked, JSON.stringify(query)).toEqual(await ids("match"));
    }
    // The probe proves a dense word past the cap from the first rows; it never counts a rare one past it.
    const probeOf = (q: string, filters: Record<string, string> = {}) =>
      searchSql(SearchInput.parse({ fondsId: big.id, q, ...filters }), parseQuery(q), searchScope({ actor })!).probe;
    const probed = async (q: string, filters: Record<string, string> = {}) => ((await db.execute(probeOf(q, filters)!)) as unknown as { n: number }[])[0]!.n;
    expect(await probed("差旅")).toBe(COUNT_CAP + 1);
    expect(await probed("批量 1050")).toBe(1);
    // Within a year it reads that year's rows down their date index, never a scan that may pass other years first.
    expect(await probed("差旅", { fiscalYear: "2023" })).toBe(COUNT_CAP + 1);
    expect(await probed("差旅", { fiscalYear: "2022" })).toBe(0);
    const yearPlan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_sort = off`);
      const rows = (await tx.execute(sql`explain ${probeOf("差旅", { fiscalYear: "2023" })!}`)) as unknown as { "QUERY PLAN": string }[];
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(yearPlan).toMatch(/Index Scan Backward using record_search_year_date_idx/);
    // Another filter beside the year would make the first rows a scan of their own: no probe then.
    expect(probeOf("差旅", { fiscalYear: "2023", amountMin: "5" })).toBeNull();
    const exact = await searchRecords(contextFor(db, actor), { q: "批量 1050", fondsId: big.id });
    expect(exact.ok && { total: exact.value.total, estimate: exact.value.totalIsEstimate }).toEqual({ total: 1, estimate: false });
  });

  it("counts a node of the browse tree exactly past the search cap, as the tree beside the list counts it", async () => {
    const big = await makeFonds(db);
    const actor = (await makeUser(db, [{ role: "archivist", fondsId: big.id }])).actor;
    const rows = (await db.execute(sql`
      insert into records (fonds_id, category, material_type, fiscal_year, period_kind, period, title, doc_date, amount, retention, source_system, source_key)
      select ${big.id}, 'voucher', 'voucher', 2023, 'month', 1 + (g % 2), '批量报销差旅费 ' || g, date '2023-01-01' + (g % 28), 10, 'Y30', 'test', 'node-' || g
      from generate_series(1, ${NODE_COUNT_CAP + 100}) g returning id`)) as unknown as { id: string }[];
    await indexRecords(db, rows.map((r) => r.id));
    // As autovacuum leaves a table after a bulk insert: analysed, and its pages marked all-visible.
    await db.execute(sql`vacuum analyze records`);
    await db.execute(sql`analyze record_search`);
    const totalOf = async (query: Record<string, string | undefined>) => {
      const r = await searchRecords(contextFor(db, actor), { fondsId: big.id, ...query });
      if (!r.ok) throw new Error(r.error.code);
      return { total: r.value.total, estimate: r.value.totalIsEstimate, items: r.value.items.length };
    };
    const tree = await getBrowseTree(contextFor(db, actor), { fondsId: big.id, fiscalYear: 2023 });
    const months = tree.ok ? tree.value.years[0]!.categories[0]!.months.map((m) => m.total) : [];
    expect(months).toEqual([(NODE_COUNT_CAP + 100) / 2, (NODE_COUNT_CAP + 100) / 2]);
    expect(months[0]).toBeGreaterThan(COUNT_CAP);
    for (const node of [{ period: "1" }, { fiscalYear: "2023", period: "2" }, { fiscalYear: "2023", category: "voucher", period: "1" }])
      expect(await totalOf(node), JSON.stringify(node)).toEqual({ total: months[0], estimate: false, items: 50 });
    expect(await totalOf({ fiscalYear: "2023", state: "archived" })).toEqual({ total: 0, estimate: false, items: 0 });
    expect(await totalOf({ fiscalYear: "2022" })).toEqual({ total: 0, estimate: false, items: 0 });
    // Past NODE_COUNT_CAP (lowered for this file) the node is estimated, never below the cap it passed.
    const whole = await totalOf({ fiscalYear: "2023", category: "voucher" });
    expect(whole.estimate).toBe(true);
    expect(whole.total).toBeGreaterThan(NODE_COUNT_CAP);
    // Words or any other filter make it a search again: counted to COUNT_CAP, estimated beyond.
    for (const query of [{ q: "差旅" }, { amountMin: "1", period: "1" }, { dateFrom: "2023-01-01", period: "1" }, { checkStatus: "none", period: "1" }])
      expect((await totalOf(query)).estimate, JSON.stringify(query)).toBe(true);
    // Across fonds (no fondsId) the count stays capped: an administrator's whole archive is not counted per request.
    const all = await searchRecords(contextFor(db, actor), { period: "1" });
    expect(all.ok && all.value.totalIsEstimate).toBe(true);
    // The node count reads the coordinates' index, never the rows.
    const input = SearchInput.parse({ fondsId: big.id, fiscalYear: "2023", category: "voucher", period: "1", state: "collected" });
    const plan = (await db.execute(sql`explain ${searchSql(input, null, searchScope({ actor })!).count}`)) as unknown as { "QUERY PLAN": string }[];
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Index Only Scan using records_browse_idx/);
  });

  it("has an index path for words, filters and the account filter (EXPLAIN with scans disabled)", async () => {
    const scope = searchScope({ actor: archivist })!;
    const plan = async (query: Record<string, unknown>, path: SearchPath = "match") => {
      const input = SearchInput.parse({ fondsId: fondsA.id, ...query });
      const { page } = searchSql(input, input.q ? parseQuery(input.q) : null, scope);
      return db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        // On a few test rows sorting the matches is cheapest; what must hold is that an ordered index path exists.
        if (path === "walk") await tx.execute(sql`set local enable_sort = off`);
        const rows = (await tx.execute(sql`explain ${page(path)}`)) as unknown as { "QUERY PLAN": string }[];
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      });
    };
    for (const query of [{ q: "差旅" }, { q: "差旅", fiscalYear: "2023" }, { q: "25312000000385708609", sort: "amount_desc" }, { account: "6602" }, {}]) {
      const text = await plan(query);
      expect(text, JSON.stringify(query)).not.toMatch(/Seq Scan on (records|record_search|voucher_lines)/);
    }
    expect(await plan({ q: "差旅" })).toMatch(/record_search_\w+_idx/);
    // The walk for a common word: down the date indexes, no GIN, no sort of the matches.
    expect(await plan({ q: "差旅" }, "walk")).toMatch(/Index Scan Backward using record_search_date_idx/);
    expect(await plan({ q: "差旅", fiscalYear: "2023" }, "walk")).toMatch(/Index Scan Backward using record_search_year_date_idx/);
  });
});
