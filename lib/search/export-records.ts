import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { fonds } from "@/db/schema";
import type { DbOrTx } from "@/db";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { type TempDownload, tempDownload } from "@/lib/files/temp-download";
import { DEFAULT_LOCALE, type Locale, TIME_ZONE, isLocale } from "@/lib/i18n/config";
import { formatMessage } from "@/lib/i18n/load-messages";
import { periodLabelValues } from "@/lib/records/period-label";
import { zipPacer } from "@/lib/xlsx/streaming-sheet";
import { EXPORT_CAP } from "./limits";
import { SearchInput, type SearchQuery } from "./search-input";
import { type SearchRow, prepareSearch, readsFully } from "./search-records";
import { searchSql } from "./search-sql";

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

export interface RecordsExport extends TempDownload {
  fileName: string;
  count: number;
}

/** The export's cursor, declared in its snapshot's transaction. */
const CURSOR = sql.raw("catalogue_rows");

/**
 * The records a search finds (same filters, words and permissions as GET /api/records, in its sort order) as
 * an Excel catalogue: a heading that says what was searched, by whom and when, then one row per record.
 * Amounts are numbers Excel can add up where the actor reads the fonds fully, blank where only its
 * catalogue. More than `cap` matches is refused before anything is read. The count and the rows are read in
 * one snapshot, through a cursor, into a streaming sheet, so a year's catalogue never sits in memory. Each
 * export is audited.
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
  const { match, page } = searchSql(query, parsed, scope);
  const stamp = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "short" }).format(ctx.now());

  // A voucher imported while the rows are read would otherwise be listed beside a count that misses it, and
  // filing that moves records while they are read could list one twice or skip it.
  return inSnapshot(ctx.db, async (db): Promise<Result<RecordsExport>> => {
    const [counted] = (await db.execute(sql`select count(*)::int as n from (${match} limit ${cap + 1}) c`)) as unknown as { n: number }[];
    const count = counted?.n ?? 0;
    if (count > cap) return fail("search.export_too_large", { max: cap });
    // Every fonds' code, before the rows: an installation has tens of fonds, and the filters line names one.
    const codes = new Map((await db.select({ id: fonds.id, code: fonds.code }).from(fonds)).map((f) => [f.id, f.code]));
    await db.execute(sql`declare ${CURSOR} no scroll cursor for ${page("match", "all")}`);
    async function* rows(): AsyncGenerator<ExportRow> {
      for (;;) {
        const batch = (await db.execute(sql`fetch ${sql.raw(String(PAGE))} from ${CURSOR}`)) as unknown as SearchRow[];
        for (const { catalog_text: _c, detail_text: _d, ...row } of batch) yield { ...row, amount: readsFully(scope, row.fondsId) ? row.amount : null };
        if (batch.length < PAGE) break;
      }
      // Inside a caller's transaction the cursor would outlive the export and block the next one's name.
      await db.execute(sql`close ${CURSOR}`);
    }
    const download = await tempDownload("catalogue.xlsx", async (file) => {
      const written = await writeWorkbook(file, rows(), codes, locale, {
        heading: formatMessage(locale, "records-ui.export.heading", { count, user: ctx.actor?.displayName ?? "Acta", at: stamp }),
        filters: describeForPeople(query, locale, codes),
      });
      // The snapshot's count is what the heading promised: a different number of rows is a bug, not a download.
      if (written !== count) throw new Error(`catalogue export wrote ${written} rows for a count of ${count}`);
      await ctx.db.transaction((tx) =>
        appendAudit(tx, ctx, {
          action: "record.catalog_exported",
          targetType: query.fondsId ? "fonds" : undefined,
          targetId: query.fondsId,
          fondsId: query.fondsId ?? null,
          data: { filters: describedFilters(query), count },
        }),
      );
    });
    return ok({ ...download, fileName: `${formatMessage(locale, "records-ui.export.fileName")}-${stamp.slice(0, 10)}.xlsx`, count });
  });
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

/** Writes the catalogue to `file` row by row as they are read; answers how many records it listed. */
async function writeWorkbook(file: string, items: AsyncIterable<ExportRow>, codes: Map<string, string>, locale: Locale, text: { heading: string; filters: string }): Promise<number> {
  const t = (key: string) => formatMessage(locale, key);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  book.creator = "Acta";
  const sheet = book.addWorksheet(t("records-ui.export.sheet"), { views: [{ state: "frozen", ySplit: 3 }] });
  sheet.columns = COLUMNS.map(([key, width]) => ({ key, width }));
  sheet.addRow([text.heading]).font = { bold: true, size: 13 };
  sheet.addRow([text.filters]).font = { color: { argb: "FF555555" } };
  sheet.mergeCells(1, 1, 1, COLUMNS.length);
  sheet.mergeCells(2, 1, 2, COLUMNS.length);
  sheet.addRow(COLUMNS.map(([key]) => t(`records-ui.export.columns.${key}`))).font = { bold: true };
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: COLUMNS.length } };
  const paced = zipPacer(sheet);
  let written = 0;
  for await (const item of items) {
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
    row.commit();
    written += 1;
    await paced();
  }
  sheet.commit();
  await book.commit();
  return written;
}
