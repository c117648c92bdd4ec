import { buffer } from "node:stream/consumers";
import ExcelJS from "exceljs";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { auditEvents } from "@/db/schema";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { makeVoucher } from "@/db/test/search-factories";
import { testDb } from "@/db/test/setup";
import type { Db } from "@/db";
import { indexRecords } from "./index-records";
import type { Actor } from "@/lib/context";
import { exportRecords } from "./export-records";

const { db } = testDb();
let fonds: { id: string; code: string };
let archivist: Actor;
let borrower: Actor;

async function sheetOf(actor: Actor, query: Record<string, unknown>) {
  const r = await exportRecords(contextFor(db, actor, () => new Date("2026-12-04T13:30:00Z")), { fondsId: fonds.id, ...query });
  if (!r.ok) throw new Error(`export failed: ${r.error.code}`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await buffer(r.value.body)) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows = sheet.getSheetValues().slice(1).map((row) => (Array.isArray(row) ? row.slice(1) : []));
  return { result: r.value, sheet, rows };
}

beforeAll(async () => {
  fonds = await makeFonds(db);
  archivist = (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor;
  borrower = (await makeUser(db, [{ role: "borrower", fondsId: fonds.id }])).actor;
  await makeVoucher(db, { fondsId: fonds.id, title: "张伟报销3月差旅费", date: "2023-03-15", amount: "1280.50", voucherNo: "12", archivalCode: `${fonds.code}-KU·PZ·2023·D30-0001-0012` });
  await makeVoucher(db, { fondsId: fonds.id, title: "=HYPERLINK(\"http://evil\") 差旅补贴", date: "2023-03-20", amount: "12345678901234.56", voucherNo: "13" });
  await makeVoucher(db, { fondsId: fonds.id, title: "业务招待费", date: "2023-04-02", amount: "560.00", voucherNo: "1" });
});

describe("exportRecords", () => {
  it("writes the search's records as a catalogue: heading, filters, one row each in the search's order", async () => {
    const { result, rows, sheet } = await sheetOf(archivist, { q: "差旅", locale: "zh-CN" });
    expect(result.count).toBe(2);
    expect(result.fileName).toBe("档案目录-2026-12-04.xlsx");
    expect(String(rows[0]![0])).toBe(`档案目录 · 共 2 条 · 导出人 ${archivist.displayName} · 2026-12-04 21:30（北京时间）`);
    expect(String(rows[1]![0])).toBe(`关键词：差旅 · 全宗：${fonds.code}`);
    expect(rows[2]).toEqual(["档号", "全宗", "年度", "期间", "类别", "凭证字号", "日期", "题名/摘要", "金额", "附件数", "状态", "四性检测", "保管期限", "保管到期", "附于记账凭证"]);
    // Newest first, as the browse page lists them.
    expect(rows.slice(3).map((r) => r[7])).toEqual(['=HYPERLINK("http://evil") 差旅补贴', "张伟报销3月差旅费"]);
    expect(rows[4]!.slice(0, 9)).toEqual([`${fonds.code}-KU·PZ·2023·D30-0001-0012`, fonds.code, 2023, 3, "凭证", "记-12", "2023-03-15", "张伟报销3月差旅费", 1280.5]);
    // Amounts Excel adds up, except one too long for a double to hold to the cent: kept as exact text.
    expect(rows[3]![8]).toBe("12345678901234.56");
    expect(sheet.getCell("I5").numFmt).toBe("#,##0.00");
    // A title that looks like a formula stays text: nothing runs when the file is opened.
    expect(sheet.getCell("H4").type).toBe(ExcelJS.ValueType.String);
    expect(rows.slice(3).map((r) => r[12])).toEqual(["30年", "30年"]);
  });

  it("exports no record for words the index cannot look up, rather than every record", async () => {
    expect((await sheetOf(archivist, { q: "——" })).result.count).toBe(0);
  });

  it("lists exactly the records it counts, each once, when a record arrives while it reads", async () => {
    // Outside production every message is read afresh from its files: 500 rows' words took ten seconds.
    vi.stubEnv("NODE_ENV", "production");
    onTestFinished(() => void vi.unstubAllEnvs());
    const big = await makeFonds(db);
    const actor = (await makeUser(db, [{ role: "archivist", fondsId: big.id }])).actor;
    const insert = (from: number, to: number) =>
      db.execute(sql`
        insert into records (fonds_id, category, material_type, fiscal_year, period_kind, period, title, doc_date, amount, retention, source_system, source_key)
        select ${big.id}, 'voucher', 'voucher', 2023, 'month', 1, '批量报销 ' || g, date '2023-01-01' + (g % 28), 10, 'Y30', 'test', 'export-' || g
        from generate_series(${from}::int, ${to}::int) g returning id`) as unknown as Promise<{ id: string }[]>;
    await indexRecords(db, (await insert(1, 501)).map((r) => r.id));
    // An import writes a newer voucher while the export reads.
    let arrived = false;
    const later = async () => {
      arrived = true;
      await indexRecords(db, (await db.execute(sql`
        insert into records (fonds_id, category, material_type, fiscal_year, period_kind, period, title, doc_date, amount, retention, source_system, source_key)
        values (${big.id}, 'voucher', 'voucher', 2023, 'month', 2, '新到凭证', date '2023-02-20', 10, 'Y30', 'test', 'export-new') returning id`) as unknown as { id: string }[]).map((r) => r.id));
    };
    const wrap = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(t, prop, receiver) {
          const value = Reflect.get(t, prop, receiver) as unknown;
          if (typeof value !== "function") return value;
          if (prop === "execute")
            return async (...args: unknown[]) => {
              const rows = (await value.apply(t, args)) as unknown;
              // Between the count and the rows: a read outside one snapshot lists a record the heading does not count.
              if (!arrived && Array.isArray(rows) && rows.length === 1 && "n" in (rows[0] as object)) await later();
              return rows;
            };
          if (prop === "transaction") return (work: (tx: object) => unknown, ...rest: unknown[]) => value.call(t, (tx: object) => work(wrap(tx)), ...rest);
          return value.bind(t);
        },
      });
    const r = await exportRecords(contextFor(wrap(db) as Db, actor), { fondsId: big.id });
    if (!r.ok) throw new Error(r.error.code);
    expect(arrived).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buffer(r.value.body)) as unknown as ArrayBuffer);
    const titles = book.worksheets[0]!.getColumn(8).values.slice(4).map(String);
    expect({ count: r.value.count, rows: titles.length, distinct: new Set(titles).size }).toEqual({ count: 501, rows: 501, distinct: 501 });
  });

  it("speaks English when asked, and leaves amounts blank where the actor reads only the catalogue", async () => {
    const { rows } = await sheetOf(borrower, { q: "差旅", locale: "en" });
    expect(rows[2]![0]).toBe("Archival code");
    expect(String(rows[0]![0])).toMatch(/^Records catalogue · 2 records · exported by /);
    expect(rows.slice(3).map((r) => r[8] ?? null)).toEqual([null, null]);
  });

  it("audits each export with its filters and count", async () => {
    await sheetOf(archivist, { fiscalYear: "2023", period: "4" });
    const entries = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "record.catalog_exported"), eq(auditEvents.actorId, archivist.userId))).orderBy(asc(auditEvents.id));
    expect(entries.at(-1)).toMatchObject({ fondsId: fonds.id, targetType: "fonds", data: { count: 1, filters: { fiscalYear: 2023, period: 4, fondsId: fonds.id } } });
  });

  it("refuses more than the cap, bad filters and fonds the actor cannot read, writing no audit entry", async () => {
    const ctx = contextFor(db, archivist);
    // This archivist's exports only: every export anywhere would be counted by another writer too.
    const exports = async () => (await db.select().from(auditEvents).where(and(eq(auditEvents.action, "record.catalog_exported"), eq(auditEvents.actorId, archivist.userId)))).length;
    const before = await exports();
    expect(await exportRecords(ctx, { fondsId: fonds.id }, { cap: 2 })).toMatchObject({ ok: false, error: { code: "search.export_too_large", params: { max: 2 } } });
    expect(await exportRecords(ctx, { fondsId: fonds.id, amountMin: "abc" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { amountMin: "validation.invalid_format" } } });
    // PostgreSQL text cannot hold NUL: words carrying one are refused at the edge, not a database error writing the audit entry.
    expect(await exportRecords(ctx, { fondsId: fonds.id, q: "差旅\u0000" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { q: "validation.invalid_format" } } });
    const other = await makeFonds(db);
    expect(await exportRecords(ctx, { fondsId: other.id })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await exports()).toBe(before);
    // Exactly at the cap is fine.
    expect(await exportRecords(ctx, { fondsId: fonds.id }, { cap: 3 })).toMatchObject({ ok: true, value: { count: 3 } });
  });
});
