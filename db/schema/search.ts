import { customType, date, index, numeric, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { categoryEnum, periodKindEnum } from "./enums";
import { fonds } from "./fonds";
import { records } from "./records";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * The search document of each record (docs/search.md): character bigrams of its Chinese text and whole
 * words of its Latin letters and digits, in a GIN-indexed tsvector. Catalogue fields carry weight A,
 * voucher details weight D, so a user who may read only the catalogue searches only the catalogue.
 * Written by lib/search/index-records.ts in the writer's transaction; the texts are kept for highlighting.
 * The record's fixed coordinates are copied here so a search can walk newest-first through one index and
 * stop at the first page instead of sorting every match of a common word; the state, which changes after
 * filing, is read from records.
 */
export const recordSearch = pgTable(
  "record_search",
  {
    recordId: uuid()
      .primaryKey()
      .references(() => records.id, { onDelete: "cascade" }),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    fiscalYear: smallint().notNull(),
    // A Q3 report and a March voucher share period 3; the kind tells a month from a quarter, half or year.
    periodKind: periodKindEnum(),
    period: smallint(),
    category: categoryEnum().notNull(),
    docDate: date(),
    amount: numeric({ precision: 18, scale: 2 }),
    catalogText: text().notNull(),
    detailText: text().notNull(),
    doc: tsvector().notNull(),
    indexedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The year beside the words (btree_gin, drizzle/0009) so a year filter narrows the matches inside the
    // index: otherwise a common phrase is rechecked in every year's rows before the year is tested.
    index("record_search_year_doc_idx").using("gin", t.fiscalYear, t.doc),
    // Amount ranges, which no other index narrows; the year after the amount is tested inside the index.
    index("record_search_amount_idx").on(t.fondsId, t.amount, t.fiscalYear),
    // A month (or quarter…) of a year, the browse tree's node, in date order: the year's index would pass the later months first.
    index("record_search_period_date_idx").on(t.fondsId, t.fiscalYear, t.periodKind, t.period, t.docDate, t.recordId),
    index("record_search_date_idx").on(t.fondsId, t.docDate, t.recordId),
    index("record_search_year_date_idx").on(t.fondsId, t.fiscalYear, t.docDate, t.recordId),
  ],
);
