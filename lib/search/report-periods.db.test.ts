import { buffer } from "node:stream/consumers";
import { readFileSync, readdirSync } from "node:fs";
import ExcelJS from "exceljs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { makeRecord } from "@/db/test/archive-factories";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { makeVoucher } from "@/db/test/search-factories";
import { testDb } from "@/db/test/setup";
import type { Actor } from "@/lib/context";
import { getBrowseTree } from "@/lib/records/get-browse-tree";
import { exportRecords } from "./export-records";
import { indexRecords } from "./index-records";
import { searchRecords } from "./search-records";

// A Q3 report carries period 3 like a March voucher; only its period kind tells them apart.
const { db } = testDb();
let fonds: { id: string; code: string };
let archivist: Actor;
const ids: Record<string, string> = {};

beforeAll(async () => {
  fonds = await makeFonds(db);
  archivist = (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor;
  ids.voucher = await makeVoucher(db, { fondsId: fonds.id, title: "3月报销", date: "2023-03-15" });
  const report = (periodKind: "month" | "quarter" | "half" | "year", period: number | null, materialType = "report_periodic") =>
    makeRecord(db, { fondsId: fonds.id, category: "report", materialType, fiscalYear: 2023, periodKind, period });
  ids.monthReport = await report("month", 3);
  ids.q3 = await report("quarter", 3);
  ids.q1 = await report("quarter", 1);
  ids.h1 = await report("half", 1);
  ids.annual = await report("year", null, "report_annual");
  ids.ledger = await makeRecord(db, { fondsId: fonds.id, category: "ledger", materialType: "journal", fiscalYear: 2023, periodKind: "month", period: 3 });
  ids.yearLedger = await makeRecord(db, { fondsId: fonds.id, category: "ledger", materialType: "general_ledger", fiscalYear: 2023, periodKind: "year", period: null });
  await indexRecords(db, Object.values(ids));
});

async function found(query: Record<string, string>) {
  const r = await searchRecords(contextFor(db, archivist), { fondsId: fonds.id, fiscalYear: "2023", ...query });
  if (!r.ok) throw new Error(r.error.code);
  const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return { names: r.value.items.map((i) => names[i.id]).sort(), total: r.value.total, estimate: r.value.totalIsEstimate };
}

describe("searchRecords: a month is monthly material, other periods have a kind of their own", () => {
  it("finds a month's vouchers, monthly reports and ledgers, never the quarter of the same number", async () => {
    expect((await found({ period: "3" })).names).toEqual(["ledger", "monthReport", "voucher"]);
    expect((await found({ period: "3", periodKind: "month" })).names).toEqual(["ledger", "monthReport", "voucher"]);
    expect((await found({ period: "1" })).names).toEqual([]);
  });

  it("selects quarterly, half-yearly and annual material by periodKind", async () => {
    expect((await found({ periodKind: "quarter", period: "3" })).names).toEqual(["q3"]);
    expect((await found({ periodKind: "quarter" })).names).toEqual(["q1", "q3"]);
    expect((await found({ periodKind: "half", period: "1" })).names).toEqual(["h1"]);
    expect((await found({ periodKind: "year" })).names).toEqual(["annual", "yearLedger"]);
    expect((await found({ periodKind: "month" })).names).toEqual(["ledger", "monthReport", "voucher"]);
  });

  it("counts a tree node of a quarter or a year exactly, as the tree does", async () => {
    expect(await found({ category: "report", period: "3" })).toEqual({ names: ["monthReport"], total: 1, estimate: false });
    expect(await found({ category: "report", periodKind: "quarter", period: "3" })).toEqual({ names: ["q3"], total: 1, estimate: false });
    expect(await found({ category: "report", periodKind: "year" })).toEqual({ names: ["annual"], total: 1, estimate: false });
  });

  it.each([
    [{ periodKind: "week" }, "periodKind"],
    [{ periodKind: "quarter", period: "5" }, "period"],
    [{ periodKind: "half", period: "3" }, "period"],
    [{ periodKind: "year", period: "1" }, "period"],
  ])("%j → validation error on %s", async (query, field) => {
    const r = await searchRecords(contextFor(db, archivist), { fondsId: fonds.id, ...query });
    expect(!r.ok && r.error.code).toBe("validation.invalid_input");
    expect(!r.ok && Object.keys(r.error.fields ?? {})).toEqual([field]);
  });
});

describe("exportRecords: the catalogue tells a quarter from a month", () => {
  it("writes months as their number and other periods in words, and names the kind among the filters", async () => {
    const r = await exportRecords(contextFor(db, archivist), { fondsId: fonds.id, fiscalYear: "2023", category: "report", locale: "zh-CN" });
    if (!r.ok) throw new Error(r.error.code);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buffer(r.value.body)) as unknown as ArrayBuffer);
    const periods = book.worksheets[0]!.getColumn(4).values.slice(4).map(String).sort();
    expect(periods).toEqual(["3", "上半年", "年度", "第1季度", "第3季度"].sort());
    const quarter = await exportRecords(contextFor(db, archivist), { fondsId: fonds.id, periodKind: "quarter", period: "3", locale: "zh-CN" });
    if (!quarter.ok) throw new Error(quarter.error.code);
    const quarterBook = new ExcelJS.Workbook();
    await quarterBook.xlsx.load((await buffer(quarter.value.body)) as unknown as ArrayBuffer);
    expect(String(quarterBook.worksheets[0]!.getRow(2).getCell(1).value)).toBe(`全宗：${fonds.code} · 期间：3 · 期间类型：季度`);
  });
});

describe("getBrowseTree: reports and ledgers under their own period nodes", () => {
  it("lists months, then quarters, halves and the year, each node counting only its kind", async () => {
    const tree = await getBrowseTree(contextFor(db, archivist), { fondsId: fonds.id, fiscalYear: 2023 });
    if (!tree.ok) throw new Error(tree.error.code);
    const nodes = (category: string) =>
      tree.value.years[0]!.categories.find((c) => c.category === category)!.months.map((m) => ({ periodKind: m.periodKind, period: m.period, total: m.total }));
    expect(nodes("report")).toEqual([
      { periodKind: "month", period: 3, total: 1 },
      { periodKind: "quarter", period: 1, total: 1 },
      { periodKind: "quarter", period: 3, total: 1 },
      { periodKind: "half", period: 1, total: 1 },
      { periodKind: "year", period: null, total: 1 },
    ]);
    expect(nodes("ledger")).toEqual([
      { periodKind: "month", period: 3, total: 1 },
      { periodKind: "year", period: null, total: 1 },
    ]);
    expect(nodes("voucher")).toEqual([{ periodKind: "month", period: 3, total: 1 }]);
  });
});

describe("the search index's period kind (migration)", () => {
  it("fills rows indexed before the column existed from their records, and leaves them as indexRecords writes them", async () => {
    const file = readdirSync(path.join(process.cwd(), "drizzle")).find((f) => /^\d{4}_search_period_kind\.sql$/.test(f));
    expect(file).toBeDefined();
    const backfill = readFileSync(path.join(process.cwd(), "drizzle", file!), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter((s) => /^update\b/i.test(s.replace(/^(--.*\n)+/, "")));
    expect(backfill).toHaveLength(1);
    const snapshot = () =>
      db.execute(sql`select s.record_id, s.period_kind from record_search s where s.fonds_id = ${fonds.id} order by s.record_id`) as unknown as Promise<unknown[]>;
    const indexed = await snapshot();
    await db.execute(sql`update record_search set period_kind = null where fonds_id = ${fonds.id}`);
    await db.execute(sql.raw(backfill[0]!));
    expect(await snapshot()).toEqual(indexed);
    const wrong = (await db.execute(sql`
      select count(*)::int as n from record_search s join records r on r.id = s.record_id
      where s.fonds_id = ${fonds.id} and s.period_kind is distinct from r.period_kind`)) as unknown as { n: number }[];
    expect(wrong[0]!.n).toBe(0);
  });
});
