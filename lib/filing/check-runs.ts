import { type SQL, and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { anyId } from "@/db/any-id";
import type { DbOrTx, Tx } from "@/db";
import { checkResults, checkRuns, records, users } from "@/db/schema";
import { DEFAULT_CHECK_REGISTRY, checkTitle } from "@/lib/archive/checks/registry";
import { type CheckSummary, summariseResults } from "@/lib/archive/checks/run-checks";
import type { CheckResult, ManualResult, Outcome, Property } from "@/lib/archive/checks/types";
import { appendAudit } from "@/lib/audit/append-audit";
import { copyLine, copyRows } from "@/lib/copy-rows";
import type { ServiceContext } from "@/lib/context";
import { lockRecords } from "@/lib/records/lock-records";

/** What a run covered: a period or a set of volumes; person-recorded batch items carry over within one scope. */
export type CheckScope = { fondsId: string; fiscalYear: number; period?: number } | { volumeIds: string[] };

export function scopeKey(scope: CheckScope): string {
  return "volumeIds" in scope ? `volumes:${[...scope.volumeIds].sort().join(",")}` : `period:${scope.fondsId}:${scope.fiscalYear}:${scope.period ?? "year"}`;
}

export interface RunSummary {
  scope: CheckScope;
  scopeKey: string;
  passed: boolean;
  records: number;
  failed: number;
  warnings: number;
  notPerformed: string[];
  byProperty: CheckSummary["byProperty"];
}

/** What a run keeps of its results' summary (`summariseResults`, taken once per run: a month's is 69,000 results). */
export function runSummary(scope: CheckScope, s: CheckSummary, recordCount: number): RunSummary {
  return { scope, scopeKey: scopeKey(scope), passed: s.passed, records: recordCount, failed: s.failed.length, warnings: s.warnings.length, notPerformed: s.notPerformed, byProperty: s.byProperty };
}

/** One result of a run whose outcome a person changed; for one that was not performed, whether others of its item still are. */
export interface ResultChange {
  code: string;
  property: Property;
  from: Outcome;
  to: ManualResult["outcome"];
  notPerformedLeft: boolean;
}

/**
 * The run's summary after one result changed its outcome: what `runSummary` over every result would give,
 * without reading a year's 690,000 of them for one person's click.
 */
export function summaryAfterChange(summary: RunSummary, change: ResultChange): RunSummary {
  const counts = { ...summary.byProperty[change.property] };
  counts[change.from] -= 1;
  counts[change.to] += 1;
  counts.passed = counts.fail === 0;
  const delta = (o: Outcome) => (change.to === o ? 1 : 0) - (change.from === o ? 1 : 0);
  const failed = summary.failed + delta("fail");
  return {
    ...summary,
    passed: failed === 0,
    failed,
    warnings: summary.warnings + delta("warning"),
    notPerformed: change.from === "not_performed" && !change.notPerformedLeft ? summary.notPerformed.filter((code) => code !== change.code) : summary.notPerformed,
    byProperty: { ...summary.byProperty, [change.property]: counts },
  };
}

/**
 * Per record of a run (or only the one named): whether its own results failed or warned, and whether the
 * batch's did. The rows `recordStatus` reads, counted in PostgreSQL where the run's results are not in memory.
 */
export const recordFlags = (runId: string, recordId: string | null = null): SQL => sql`
  select own.record_id, own.failed, own.warned, batch.failed as batch_failed, batch.warned as batch_warned
  from (
    select record_id, bool_or(outcome = 'fail') as failed, bool_or(outcome = 'warning') as warned
    from ${checkResults} where run_id = ${runId} and ${recordId ? sql`record_id = ${recordId}` : sql`record_id is not null`}
    group by record_id) own
  cross join (
    select coalesce(bool_or(outcome = 'fail'), false) as failed, coalesce(bool_or(outcome = 'warning'), false) as warned
    from ${checkResults} where run_id = ${runId} and record_id is null) batch`;

/** The status a record carries on the catalogue after a run: its own results and the batch's. */
export function recordStatus(summary: CheckSummary, recordId: string): "passed" | "warning" | "failed" {
  const r = summary.records[recordId];
  if (!r || !r.passed) return r ? "failed" : "passed";
  return r.warnings.length ? "warning" : "passed";
}

/**
 * Results a person recorded earlier (2-7 content complete, 3-4 readable…), so a later run keeps them: per
 * record the newest per item, and for batch items the newest within the same scope.
 */
export async function priorManualResults(db: DbOrTx, recordIds: readonly string[], key: string): Promise<ManualResult[]> {
  const select = {
    code: checkResults.code,
    recordId: checkResults.recordId,
    outcome: checkResults.outcome,
    by: users.displayName,
    at: checkResults.createdAt,
  };
  const [perRecord, perBatch] = await Promise.all([
    recordIds.length
      ? db
          .selectDistinctOn([checkResults.recordId, checkResults.code], select)
          .from(checkResults)
          .innerJoin(users, eq(users.id, checkResults.recordedBy))
          .where(and(anyId(checkResults.recordId, [...recordIds]), isNotNull(checkResults.recordedBy)))
          .orderBy(checkResults.recordId, checkResults.code, desc(checkResults.id))
      : [],
    db
      .selectDistinctOn([checkResults.code], select)
      .from(checkResults)
      .innerJoin(users, eq(users.id, checkResults.recordedBy))
      .innerJoin(checkRuns, eq(checkRuns.id, checkResults.runId))
      .where(and(isNull(checkResults.recordId), isNotNull(checkResults.recordedBy), sql`${checkRuns.summary}->>'scopeKey' = ${key}`))
      .orderBy(checkResults.code, desc(checkResults.id)),
  ]);
  return [...perRecord, ...perBatch].flatMap((r) =>
    r.outcome === "pass" || r.outcome === "fail" || r.outcome === "warning" ? [{ code: r.code, recordId: r.recordId, outcome: r.outcome, by: r.by, at: r.at.toISOString() }] : [],
  );
}

const RESULTS_PER_COPY = 20_000;

/** The months (year × 100 + month) of the records a run covers, computed where the records are. */
const coveredPeriods = (recordIds: readonly string[]): SQL =>
  sql`(select coalesce(array_agg(distinct ${records.fiscalYear} * 100 + ${records.period} order by ${records.fiscalYear} * 100 + ${records.period}), '{}') from ${records} where ${anyId(records.id, recordIds)} and ${records.period} is not null)`;

/** A run covering a record of this month: what the filing workbench lists for the month. */
export const coversPeriod = (fiscalYear: number, period: number): SQL => sql`${checkRuns.periods} @> array[${fiscalYear * 100 + period}]::int[]`;

/** Stores a run and every result, and sets each record's check status, with its audit entry. */
export async function saveCheckRun(tx: Tx, ctx: ServiceContext, fondsId: string, scope: CheckScope, results: readonly CheckResult[], recordIds: readonly string[], startedAt: Date) {
  const full = summariseResults(results);
  const summary = runSummary(scope, full, recordIds.length);
  // By id, before the results lock their records (key share, drizzle/0032) and the status updates below
  // take them: no stronger than those updates need, so nothing referring to the records waits longer.
  if (recordIds.length) await lockRecords(tx, anyId(records.id, recordIds), "no key update");
  const [run] = await tx
    .insert(checkRuns)
    .values({ fondsId, stage: "GD", summary: { ...summary }, createdBy: ctx.actor?.userId ?? null, startedAt, finishedAt: ctx.now(), periods: coveredPeriods(recordIds) })
    .returning({ id: checkRuns.id });
  const runId = run!.id;
  // By COPY, a slice at a time: Drizzle spent about 28 µs building the INSERT of each result, 2 s of Node's
  // time for a month of 3,000 vouchers (69,000 results) and ten times that for a year.
  const createdAt = ctx.now().toISOString();
  for (let i = 0; i < results.length; i += RESULTS_PER_COPY) {
    const lines = results.slice(i, i + RESULTS_PER_COPY).map((r) => copyLine([runId, r.recordId, r.code, r.property, r.outcome, JSON.stringify(r.detail), createdAt]));
    await copyRows(tx, "check_results", ["run_id", "record_id", "code", "property", "outcome", "detail", "created_at"], lines);
  }
  for (const status of ["passed", "warning", "failed"] as const) {
    const ids = recordIds.filter((id) => recordStatus(full, id) === status);
    if (ids.length) await tx.update(records).set({ checkStatus: status }).where(anyId(records.id, ids));
  }
  await appendAudit(tx, ctx, {
    action: "filing.checks_run",
    targetType: "check_run",
    targetId: runId,
    fondsId,
    data: { scope: summary.scopeKey, records: recordIds.length, passed: summary.passed, failed: summary.failed, warnings: summary.warnings },
  });
  return { runId, summary, full };
}

const ORDER = new Map(DEFAULT_CHECK_REGISTRY.map((c, i) => [c.code, i]));

export interface CheckResultView {
  id: number;
  /** DA/T 70-2018 item number, "1-1" … "4-9". */
  code: string;
  title: { zh: string; en: string };
  property: Property;
  recordId: string | null;
  outcome: Outcome;
  detail: { code: string; params?: Record<string, string | number> };
  recordedBy: string | null;
}

export interface CheckRunView {
  runId: string;
  fondsId: string;
  startedAt: Date;
  finishedAt: Date | null;
  summary: RunSummary;
  results: CheckResultView[];
}

/** A stored run with every result, in registry order (DA/T 70 item order), batch items first per item. */
export async function loadCheckRun(db: DbOrTx, runId: string): Promise<CheckRunView | null> {
  const [run] = await db.select().from(checkRuns).where(eq(checkRuns.id, runId));
  if (!run) return null;
  const rows = await db
    .select({ id: checkResults.id, code: checkResults.code, property: checkResults.property, recordId: checkResults.recordId, outcome: checkResults.outcome, detail: checkResults.detail, recordedBy: users.displayName })
    .from(checkResults)
    .leftJoin(users, eq(users.id, checkResults.recordedBy))
    .where(eq(checkResults.runId, runId))
    .orderBy(asc(checkResults.id));
  const results = rows
    .map((r) => ({ ...r, property: r.property as Property, title: checkTitle(r.code) }))
    .sort((a, b) => (ORDER.get(a.code) ?? 99) - (ORDER.get(b.code) ?? 99) || a.id - b.id);
  return { runId: run.id, fondsId: run.fondsId, startedAt: run.startedAt, finishedAt: run.finishedAt, summary: run.summary as unknown as RunSummary, results };
}
