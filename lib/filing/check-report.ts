import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rawClient } from "@/db/raw-client";
import { checkRuns, fonds } from "@/db/schema";
import { CHECK_CODES, checkTitle } from "@/lib/archive/checks/registry";
import { OUTCOMES, type Outcome } from "@/lib/archive/checks/types";
import { wordRetentionParams } from "@/lib/archive/retention/word-params";
import type { Locale } from "@/lib/i18n/config";
import { formatMessage } from "@/lib/i18n/load-messages";
import type { RunSummary } from "./check-runs";

/** One printed line of a check report: every value already in the reader's language. */
export interface ReportRow {
  code: string;
  item: string;
  property: string;
  record: string;
  outcome: string;
  outcomeKey: string;
  detail: string;
  recordedBy: string;
}

/** One DA/T 70 item across the batch: how many results of each outcome, for the printed summary. */
export interface ReportItem {
  code: string;
  item: string;
  property: string;
  counts: Record<Outcome, number>;
}

export interface CheckReport {
  title: string;
  /** Outcome labels in the reader's language, in the order of ReportItem.counts. */
  outcomes: [Outcome, string][];
  items: ReportItem[];
  itemsTitle: string;
  findingsTitle: string;
  heading: [string, string][];
  columns: { code: string; item: string; property: string; record: string; outcome: string; detail: string; recordedBy: string };
  summary: { property: string; counts: [string, number][] }[];
  /**
   * The results in DA/T 70 item order, read from PostgreSQL a page at a time (a year's run holds over a
   * million): every one, or only the failures and warnings the printed report lists.
   */
  rows: (only?: "findings") => AsyncGenerator<ReportRow>;
  labels: { page: (n: number) => string };
}

/** What a report needs of its stored run; the results are read as the report is written. */
export interface ReportRun {
  runId: string;
  fondsId: string;
  startedAt: Date;
  summary: RunSummary;
}

export async function loadReportRun(db: Db, runId: string): Promise<ReportRun | null> {
  const [run] = await db.select({ runId: checkRuns.id, fondsId: checkRuns.fondsId, startedAt: checkRuns.startedAt, summary: checkRuns.summary }).from(checkRuns).where(eq(checkRuns.id, runId));
  return run ? { ...run, summary: run.summary as unknown as RunSummary } : null;
}

// A report repeats the same labels and explanations thousands of times; render each distinct one once.
const rendered = new Map<string, string>();
function t(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const id = `${locale}|${key}|${params ? JSON.stringify(params) : ""}`;
  let text = rendered.get(id);
  if (text === undefined) {
    text = formatMessage(locale, key, wordRetentionParams(params, locale, (k) => formatMessage(locale, k)));
    if (rendered.size > 50_000) rendered.clear();
    rendered.set(id, text);
  }
  return text;
}

const title = (code: string, locale: Locale) => checkTitle(code)[locale === "en" ? "en" : "zh"];

type ResultLine = { code: string; property: string; record_id: string | null; record: string | null; outcome: Outcome; detail: { code: string; params?: Record<string, string | number> }; recorded_by: string | null };

/** The report's content in one language, shared by the XLSX and the PDF rendering. */
export async function composeCheckReport(db: Db, run: ReportRun, locale: Locale): Promise<CheckReport> {
  const [[unit], tally] = await Promise.all([
    db.select({ name: fonds.name, code: fonds.code }).from(fonds).where(eq(fonds.id, run.fondsId)),
    db.execute(sql`select code, property, outcome, count(*)::int as n from check_results where run_id = ${run.runId} group by code, property, outcome`) as unknown as Promise<
      { code: string; property: string; outcome: Outcome; n: number }[]
    >,
  ]);
  const items = new Map<string, ReportItem>();
  for (const r of tally.toSorted((a, b) => CHECK_CODES.indexOf(a.code) - CHECK_CODES.indexOf(b.code))) {
    const entry = items.get(r.code) ?? { code: r.code, item: title(r.code, locale), property: t(locale, `archive.check.property.${r.property}`), counts: { pass: 0, fail: 0, warning: 0, not_applicable: 0, not_performed: 0 } };
    entry.counts[r.outcome] += r.n;
    items.set(r.code, entry);
  }
  const at = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }).format(run.startedAt);
  const s = run.summary;
  const batch = t(locale, "filing.report.batch");
  const client = rawClient(db);
  async function* rows(only?: "findings"): AsyncGenerator<ReportRow> {
    const cursor = client<ResultLine[]>`
      select cr.code, cr.property, cr.record_id, cr.outcome, cr.detail, u.display_name as recorded_by,
        case when r.archival_code is null then r.title else r.archival_code || ' ' || r.title end as record
      from check_results cr left join records r on r.id = cr.record_id left join users u on u.id = cr.recorded_by
      where cr.run_id = ${run.runId} ${only === "findings" ? client`and cr.outcome in ('fail', 'warning')` : client``}
      order by coalesce(array_position(${CHECK_CODES}::text[], cr.code), 99), cr.id`.cursor(1000);
    for await (const page of cursor)
      for (const r of page)
        yield {
          code: r.code,
          item: title(r.code, locale),
          property: t(locale, `archive.check.property.${r.property}`),
          record: r.record_id ? (r.record ?? r.record_id) : batch,
          outcome: t(locale, `archive.check.outcome.${r.outcome}`),
          outcomeKey: r.outcome,
          detail: t(locale, r.detail.code, r.detail.params),
          recordedBy: r.recorded_by ?? "",
        };
  }
  return {
    title: t(locale, "filing.report.title"),
    outcomes: OUTCOMES.map((o) => [o, t(locale, `archive.check.outcome.${o}`)]),
    items: [...items.values()],
    itemsTitle: t(locale, "filing.report.items"),
    findingsTitle: t(locale, "filing.report.findings"),
    heading: [
      [t(locale, "filing.report.fonds"), unit ? `${unit.code} ${unit.name}` : run.fondsId],
      [t(locale, "filing.report.run"), run.runId],
      [t(locale, "filing.report.started"), at],
      [t(locale, "filing.report.records"), String(s.records)],
      [t(locale, "filing.report.result"), t(locale, s.passed ? "filing.report.passed" : "filing.report.failed")],
    ],
    columns: {
      code: t(locale, "filing.report.code"),
      item: t(locale, "filing.report.item"),
      property: t(locale, "filing.report.property"),
      record: t(locale, "filing.report.record"),
      outcome: t(locale, "filing.report.outcome"),
      detail: t(locale, "filing.report.detail"),
      recordedBy: t(locale, "filing.report.recorded_by"),
    },
    summary: Object.entries(s.byProperty).map(([property, counts]) => ({
      property: t(locale, `archive.check.property.${property}`),
      counts: OUTCOMES.map((o) => [t(locale, `archive.check.outcome.${o}`), counts[o]]),
    })),
    rows,
    labels: { page: (n) => t(locale, "filing.report.page", { page: n }) },
  };
}
