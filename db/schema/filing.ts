import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { checkOutcomeEnum } from "./enums";
import { fonds } from "./fonds";
import { records } from "./records";

/** One run of the four-property checks (四性检测) over a batch of records: the check report. */
export const checkRuns = pgTable(
  "check_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    // DA/T 70 stage: GD 归档, YJ 移交与接收, BC 长期保存.
    stage: text().notNull().default("GD"),
    summary: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid().references(() => users.id),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    // The months of the records the run covered, as year × 100 + month: the filing workbench lists a month's
    // runs from here, not by looking through the results of every record of the month.
    periods: integer().array().notNull().default([]),
  },
  (t) => [index("check_runs_fonds_idx").on(t.fondsId, t.startedAt)],
);

export const checkResults = pgTable(
  "check_results",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    // Both refer to their rows as foreign keys with ON DELETE CASCADE would, but checked once per statement
    // by triggers (drizzle/0032, ADR 0028): a run stores tens of thousands of results by COPY, and a foreign
    // key checked and locked its run and record once per result.
    runId: uuid().notNull(),
    // Null for batch-level items (e.g. 2-1 total count).
    recordId: uuid(),
    code: text().notNull(),
    property: text().notNull(),
    outcome: checkOutcomeEnum().notNull(),
    detail: jsonb().$type<{ code: string; params?: Record<string, string | number> }>().notNull(),
    // Set when a person recorded the result (items like 2-7 that software cannot decide).
    recordedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("check_results_run_idx").on(t.runId, t.recordId),
    index("check_results_record_idx").on(t.recordId),
    // The few results a report names per item (the first records that did not pass), found without reading
    // a year's run of passes: those are most of its 690,000 rows.
    index("check_results_not_passed_idx").on(t.runId, t.code, t.id).where(sql`outcome in ('fail', 'warning', 'not_performed')`),
  ],
);

export const filings = pgTable(
  "filings",
  {
    id: uuid().primaryKey().defaultRandom(),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    fiscalYear: smallint(),
    period: smallint(),
    volumeIds: jsonb().$type<string[]>().notNull().default([]),
    state: text().notNull().default("pending"),
    checkRunId: uuid().references(() => checkRuns.id),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("filings_fonds_idx").on(t.fondsId, t.createdAt)],
);

export const filingRecords = pgTable(
  "filing_records",
  {
    filingId: uuid()
      .notNull()
      .references(() => filings.id, { onDelete: "cascade" }),
    recordId: uuid()
      .notNull()
      .references(() => records.id),
    // included | held_back
    status: text().notNull(),
    reasons: jsonb().$type<{ code: string; params?: Record<string, string | number> }[]>().notNull().default([]),
  },
  (t) => [unique("filing_records_key").on(t.filingId, t.recordId), index("filing_records_record_idx").on(t.recordId)],
);
