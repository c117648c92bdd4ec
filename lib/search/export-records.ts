import ExcelJS from "exceljs";
import { inArray, sql } from "drizzle-orm";
import { fonds } from "@/db/schema";
import type { DbOrTx } from "@/db";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { DEFAULT_LOCALE, type Locale, TIME_ZONE, isLocale } from "@/lib/i18n/config";
import { formatMessage } from "@/lib/i18n/load-messages";
import { periodLabelValues } from "@/lib/records/period-label";
import { EXPORT_CAP } from "./limits";
import { SearchInput, type SearchQuery } from "./search-input";
import { type SearchRow, prepareSearch, readsFully } from "./search-records";
import { searchPath, searchSql } from "./search-sql";

const PAGE = 500;

const COLUMNS = [
  ["archivalCode", 30],
  ["fonds", 8],
  ["fiscalYear", 7],
  ["period", 7],
  ["category", 12],
  ["voucherNo", 10],
  ["docDate", 12],
  ["title", 48],
  ["amount", 16],
  ["attachments", 8],
  ["state", 10],
  ["checkStatus", 10],
  ["retention", 10],
  ["expiry", 12],
  ["supports", 14],
] as const;

/** A row as the actor may see it: no amount where it reads the fonds only as a catalogue. */
type ExportRow = Omit<SearchRow, "catalog_text" | "detail_text">;

export interface RecordsExport {
  fileName: string;
  count: number;
  body: Uint8Array;
}

/**
 * The records a search finds (same filters, words and permissions as GET /api/records, in its sort order) as
 * an Excel catalogue: a heading that says what was searched, by whom and when, then one row per record.
 * Amounts are numbers Excel can add up where the actor reads the fonds fully, blank where only its
 * catalogue. More than `cap` matches is refused before anything is read. Each export is audited.
 */
export async function exportRecords(ctx: ServiceContext, raw: Record<string, unknown>, options: { cap?: number } = {}): Promise<Result<RecordsExport>> {
  const { locale: rawLocale, ...filters } = raw;
  const input = SearchInput.safeParse({ ...filters, page: 1, pageSize: 1 });
  if (!input.success) return invalid(input.error);
  const locale: Locale = isLocale(rawLocale) ? rawLocale : DEFAULT_LOCALE;
  const query = input.data;
  const cap = options.cap ?? EXPORT_CAP;
  const prepared = prepareSearch(ctx, query);
  if (!prepared.ok) return prepared;
  const { scope, parsed } = prepared.value;

  const sqlFor = (page: number) => searchSql({ ...query, page, pageSize: PAGE }, parsed, scope);
  const { match, walkable } = sqlFor(1);
  // The count and every page read one snapshot: a voucher imported between two pages shifted the next
  // page by one, and the catalogue listed a record twice (or, as filing moved records, skipped one).
  const read = await inSnapshot(ctx.db, async (db): Promise<Result<{ items: ExportRow[]; codes: Map<string, string> }>> => {
    const [counted] = (await db.execute(sql`select count(*)::int as n from (${match} limit ${cap + 1}) c`)) as unknown as { n: number }[];
    const count = counted?.n ?? 0;
    if (count > cap) return fail("search.export_too_large", { max: cap });
    const items: ExportRow[] = [];
    const path = searchPath(count, walkable);
    for (let page = 1; items.length < count; page++) {
      const rows = (await db.execute(sqlFor(page).page(path))) as unknown as SearchRow[];
      items.push(...rows.map(({ catalog_text: _c, detail_text: _d, ...row }) => ({ ...row, amount: readsFully(scope, row.fondsId) ? row.amount : null })));
      if (rows.length < PAGE) break;
    }
    const fondsIds = [...new Set(items.map((i) => i.fondsId))];
    const codes = new Map(fondsIds.length ? (await db.select({ id: fonds.id, code: fonds.code }).from(fonds).where(inArray(fonds.id, fondsIds))).map((f) => [f.id, f.code]) : []);
    return ok({ items, codes });
  });
  if (!read.ok) return read;
  const { items, codes } = read.value;

  const now = ctx.now();
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: "record.catalog_exported",
      targetType: query.fondsId ? "fonds" : undefined,
      targetId: query.fondsId,
      fondsId: query.fondsId ?? null,
      data: { filters: describedFilters(query), count: items.length },
    }),
  );
  const stamp = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "short" }).format(now);
  const body = await renderWorkbook(items, codes, locale, {
    heading: formatMessage(locale, "records-ui.export.heading", { count: items.length, user: ctx.actor?.displayName ?? "Acta", at: stamp }),
    filters: describeForPeople(query, locale, codes),
  });
  return ok({ fileName: `${formatMessage(locale, "records-ui.export.fileName")}-${stamp.slice(0, 10)}.xlsx`, count: items.length, body });
}

/** Runs read-only work in one snapshot of the database; inside a caller's transaction, in the caller's. */
function inSnapshot<T>(db: DbOrTx, work: (db: DbOrTx) => Promise<T>): Promise<T> {
  if ("rollback" in db) return work(db);
  return db.transaction(work, { isolationLevel: "repeatable read", accessMode: "read only" });
}

/** The filters that were set, for the audit entry. */
function describedFilters(query: SearchQuery): Record<string, unknown> {
  const { page: _page, pageSize: _pageSize, ...rest } = query;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

function describeForPeople(query: SearchQuery, locale: Locale, codes: Map<string, string>): string {
  const parts = Object.entries(describedFilters(query))
    .filter(([key]) => key !== "sort")
    .map(([key, value]) =>
      formatMessage(locale, "records-ui.export.filter", {
        name: formatMessage(locale, `records-ui.export.filters.${key}`),
        value: key === "fondsId" ? (codes.get(String(value)) ?? String(value)) : key === "periodKind" ? formatMessage(locale, `records-ui.periodKinds.${String(value)}`) : String(value),
      }),
    );
  return parts.length ? parts.join(" · ") : formatMessage(locale, "records-ui.export.filters.none");
}

// Below 10^13 an amount in cents has at most 15 significant digits, which a double (and Excel) gives back
// exactly; a larger one stays the exact text rather than become a rounded number.
const EXACT_NUMBER_LIMIT = 1e13;

function amountCell(amount: string | null): number | string | null {
  if (amount === null) return null;
  const n = Number(amount);
  return Math.abs(n) < EXACT_NUMBER_LIMIT ? n : amount;
}

async function renderWorkbook(items: ExportRow[], codes: Map<string, string>, locale: Locale, text: { heading: string; filters: string }): Promise<Uint8Array> {
  const t = (key: string) => formatMessage(locale, key);
  const book = new ExcelJS.Workbook();
  book.creator = "Acta";
  const sheet = book.addWorksheet(t("records-ui.export.sheet"));
  sheet.columns = COLUMNS.map(([key, width]) => ({ key, width }));
  sheet.addRow([text.heading]).font = { bold: true, size: 13 };
  sheet.addRow([text.filters]).font = { color: { argb: "FF555555" } };
  sheet.mergeCells(1, 1, 1, COLUMNS.length);
  sheet.mergeCells(2, 1, 2, COLUMNS.length);
  const header = sheet.addRow(COLUMNS.map(([key]) => t(`records-ui.export.columns.${key}`)));
  header.font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 3 }];
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: COLUMNS.length } };
  for (const item of items) {
    const row = sheet.addRow({
      archivalCode: item.archivalCode,
      fonds: codes.get(item.fondsId) ?? null,
      fiscalYear: item.fiscalYear,
      // A month stays the number it always was; other kinds are worded (第3季度, 年度), as a bare 3 put a Q3
      // report beside March's vouchers.
      period: item.periodKind === null || item.periodKind === "month" ? item.period : formatMessage(locale, "records-ui.periodLabel", periodLabelValues(item.periodKind, item.period)),
      category: t(`common.categories.${item.category}`),
      voucherNo: item.voucherWord && item.voucherNo ? `${item.voucherWord}-${item.voucherNo}` : null,
      docDate: item.docDate,
      title: item.title,
      amount: amountCell(item.amount),
      attachments: item.attachmentCount,
      state: t(`common.states.${item.state}`),
      checkStatus: t(`records-ui.checkStatus.${item.checkStatus}`),
      retention: t(`common.retention.${item.retention}`),
      expiry: item.retentionExpiresOn,
      supports: item.supportsVoucher,
    });
    row.getCell("amount").numFmt = "#,##0.00";
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}
