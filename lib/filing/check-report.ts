import { anyId } from "@/db/any-id";
import type { DbOrTx } from "@/db";
import { fonds, records } from "@/db/schema";
import type { Locale } from "@/lib/i18n/config";
import { wordRetentionParams } from "@/lib/archive/retention/word-params";
import { formatMessage } from "@/lib/i18n/load-messages";
import type { CheckRunView } from "./check-runs";

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
  counts: Record<"pass" | "fail" | "warning" | "not_applicable" | "not_performed", number>;
}

export interface CheckReport {
  title: string;
  /** Outcome labels in the reader's language, in the order of ReportItem.counts. */
  outcomes: [keyof ReportItem["counts"], string][];
  items: ReportItem[];
  itemsTitle: string;
  findingsTitle: string;
  heading: [string, string][];
  columns: { code: string; item: string; property: string; record: string; outcome: string; detail: string; recordedBy: string };
  summary: { property: string; counts: [string, number][] }[];
  rows: ReportRow[];
  labels: { page: (n: number) => string };
}

const OUTCOMES = ["pass", "fail", "warning", "not_applicable", "not_performed"] as const;

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

/** The report's content in one language, shared by the XLSX and the PDF rendering. */
export async function composeCheckReport(db: DbOrTx, run: CheckRunView, locale: Locale): Promise<CheckReport> {
  const recordIds = [...new Set(run.results.flatMap((r) => (r.recordId ? [r.recordId] : [])))];
  const [names, [unit]] = await Promise.all([
    recordIds.length ? db.select({ id: records.id, title: records.title, code: records.archivalCode }).from(records).where(anyId(records.id, recordIds)) : [],
    db.select({ name: fonds.name, code: fonds.code }).from(fonds).where(anyId(fonds.id, [run.fondsId])),
  ]);
  const recordName = new Map(names.map((n) => [n.id, n.code ? `${n.code} ${n.title}` : n.title]));
  const at = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }).format(run.startedAt);
  const s = run.summary;
  const items = new Map<string, ReportItem>();
  for (const r of run.results) {
    const entry = items.get(r.code) ?? { code: r.code, item: locale === "en" ? r.title.en : r.title.zh, property: t(locale, `archive.check.property.${r.property}`), counts: { pass: 0, fail: 0, warning: 0, not_applicable: 0, not_performed: 0 } };
    entry.counts[r.outcome] += 1;
    items.set(r.code, entry);
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
    rows: run.results.map((r) => ({
      code: r.code,
      item: locale === "en" ? r.title.en : r.title.zh,
      property: t(locale, `archive.check.property.${r.property}`),
      record: r.recordId ? (recordName.get(r.recordId) ?? r.recordId) : t(locale, "filing.report.batch"),
      outcome: t(locale, `archive.check.outcome.${r.outcome}`),
      outcomeKey: r.outcome,
      detail: t(locale, r.detail.code, r.detail.params),
      recordedBy: r.recordedBy ?? "",
    })),
    labels: { page: (n) => t(locale, "filing.report.page", { page: n }) },
  };
}
