import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { checkRuns, filings, users } from "@/db/schema";
import { CHECK_CODES, DEFAULT_CHECK_REGISTRY, checkTitle } from "@/lib/archive/checks/registry";
import { OUTCOMES, PROPERTIES, type Outcome, type Property } from "@/lib/archive/checks/types";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";
import type { CheckResultView, RunSummary } from "@/lib/filing/check-runs";
import { type HeldBack, heldBackPreview } from "@/lib/filing/held-back-preview";
import { groupBy } from "@/lib/group-by";
import { pageSlice } from "@/lib/page-slice";
import { type OutcomeCounts, type RecordQuery, type RecordRow, type ReportRecord, countedRecords, emptyCounts, worstOutcome } from "./check-report-records";

export const CheckReportInput = z.object({
  runId: z.uuid(),
  // A page or record a link asks for that does not exist shows the first page and no record, as an old link should.
  page: z.coerce.number().int().min(1).catch(1).default(1),
  record: z.uuid().optional().catch(undefined),
  heldBack: z.boolean().default(false),
});

/** Records of the run's table per page: the report of a year's 30,000 vouchers is read a page at a time. */
export const REPORT_PAGE_SIZE = 100;

/** Records named per item on the report; the rest are counted, and each record's own results are a click away. */
export const SHOWN_PER_ITEM = 5;

type ResultRow = { id: number; code: string; property: string; record_id: string | null; outcome: Outcome; detail: CheckResultView["detail"]; recorded_by: string | null };

const resultColumns = sql`cr.id::int as id, cr.code, cr.property, cr.record_id, cr.outcome, cr.detail, u.display_name as recorded_by`;

function resultView(r: ResultRow): CheckResultView {
  return { id: r.id, code: r.code, title: checkTitle(r.code), property: r.property as Property, recordId: r.record_id, outcome: r.outcome, detail: r.detail, recordedBy: r.recorded_by };
}

/** An item's results of one outcome: how many, how many distinct explanations, and the first of them. */
interface Tally {
  code: string;
  outcome: Outcome;
  n: number;
  details: number;
  first_id: number;
}

/**
 * Each item's counts in one pass over the run's results. Explanations are told apart in PostgreSQL, since one
 * that names a voucher's total differs for every record: only how many there are comes back.
 */
async function itemTally(db: DbOrTx, runId: string): Promise<Tally[]> {
  return (await db.execute(sql`
    with g as (
      select code, outcome, count(*) as n, min(id) as first_id from check_results where run_id = ${runId} group by code, outcome, detail)
    select code, outcome, sum(n)::int as n, count(*)::int as details, min(first_id)::int as first_id from g group by code, outcome`)) as unknown as Tally[];
}

/**
 * What the report shows of each item without reading every result: the batch results, the first records
 * that did not pass, and the result whose explanation, one for all, holds for the item (`explained`). Each
 * part is read from its own index (the first records that did not pass from the partial index of those,
 * item by item), so a year's run costs what a month's does.
 */
async function shownResults(db: DbOrTx, runId: string, explained: readonly number[]): Promise<CheckResultView[]> {
  const rows = (await db.execute(sql`
    with shown as (
      select id from check_results where run_id = ${runId} and record_id is null
      union
      select id from check_results where run_id = ${runId} and id = any(${sql.param(explained)}::bigint[])
      union
      select first.id from unnest(${sql.param(CHECK_CODES)}::text[]) as item(code)
        cross join lateral (
          select id from check_results
          where run_id = ${runId} and code = item.code and outcome in ('fail', 'warning', 'not_performed') and record_id is not null
          order by id limit ${SHOWN_PER_ITEM}) first)
    select ${resultColumns}
    from check_results cr left join users u on u.id = cr.recorded_by
    where cr.id in (select id from shown)
    order by cr.id`)) as unknown as ResultRow[];
  return rows.map(resultView);
}

/** One record's results with the batch's: what the report shows when that record is opened. */
async function recordResults(db: DbOrTx, runId: string, recordId: string): Promise<CheckResultView[]> {
  const rows = (await db.execute(sql`
    select ${resultColumns}
    from check_results cr left join users u on u.id = cr.recorded_by
    where cr.run_id = ${runId} and (cr.record_id = ${recordId} or cr.record_id is null)
    order by cr.id`)) as unknown as ResultRow[];
  return rows.map(resultView);
}

/**
 * A check run as its report shows it (DA/T 70 4.3: every item is listed with its result): the registry's
 * items in order, grouped by property, each with its counts over every record and the results worth showing;
 * one page of the records the run covered, each with its counts; and, when asked, one record's own results
 * and what submitting would hold back. Everything is counted in PostgreSQL, so a year's run of 30,000 records
 * (690,000 results) costs a page's worth of memory. Readers of the fonds' records may read its reports;
 * approvers read them before deciding.
 */
export async function getCheckReport(ctx: ServiceContext, raw: unknown) {
  const input = CheckReportInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { runId, record, heldBack } = input.data;
  const db = ctx.db;
  const [stored] = await db
    .select({ id: checkRuns.id, fondsId: checkRuns.fondsId, startedAt: checkRuns.startedAt, finishedAt: checkRuns.finishedAt, summary: checkRuns.summary, createdBy: users.displayName })
    .from(checkRuns)
    .leftJoin(users, eq(users.id, checkRuns.createdBy))
    .where(eq(checkRuns.id, runId));
  if (!stored || (ctx.actor && !can(ctx.actor, "record.read", stored.fondsId))) return fail("filing-ui.check_run_not_found");
  const summary = stored.summary as unknown as RunSummary;
  const run = { id: stored.id, fondsId: stored.fondsId, startedAt: stored.startedAt, finishedAt: stored.finishedAt, createdBy: stored.createdBy, scope: summary.scope };

  const forRecords = (query: RecordQuery) => countedRecords(db, runId, run.fondsId, query);
  const [[filing], { tally, shown }, listed, focused, held] = await Promise.all([
    db.select({ id: filings.id, state: filings.state, fiscalYear: filings.fiscalYear, period: filings.period }).from(filings).where(eq(filings.checkRunId, runId)),
    itemTally(db, runId).then(async (tally) => {
      const byCode = groupBy(tally, (t) => t.code);
      const explained = [...byCode.values()].flatMap((list) => (list.reduce((n, t) => n + t.details, 0) === 1 ? [list[0]!.first_id] : []));
      return { tally, shown: await shownResults(db, runId, explained) };
    }),
    recordPage(forRecords, input.data.page),
    record
      ? Promise.all([forRecords({ ids: [record], limit: 1 }), recordResults(db, runId, record)]).then(([found, results]) => (found.rows[0] ? { record: found.rows[0], results } : null))
      : null,
    heldBack ? heldBackPreview(db, runId, run.fondsId) : null,
  ]);

  // An item's counts are over the whole run, or, for an opened record, over its results and the batch's.
  const items = (results: readonly CheckResultView[], counted: readonly Pick<Tally, "code" | "outcome" | "n" | "details">[]) => {
    const byCode = groupBy(results, (r) => r.code);
    const tallyByCode = groupBy(counted, (r) => r.code);
    return DEFAULT_CHECK_REGISTRY.map((def) => {
      const counts = emptyCounts();
      const own = tallyByCode.get(def.code) ?? [];
      for (const c of own) counts[c.outcome] += c.n;
      // One explanation holds for every record: the report says it once instead of naming records.
      const uniform = own.reduce((n, t) => n + t.details, 0) === 1;
      return { code: def.code, property: def.property, title: def.title, mode: def.mode, scope: def.scope, counts, outcome: worstOutcome(counts), uniform, shown: byCode.get(def.code) ?? [] };
    });
  };
  const byProperty = (list: ReturnType<typeof items>) =>
    PROPERTIES.map((property: Property) => {
      const own = list.filter((i) => i.property === property);
      const counts = emptyCounts();
      for (const i of own) counts[i.outcome] += 1;
      return { property, counts, items: own };
    });
  const all = items(shown, tally);
  const known = new Set([...listed.rows.map((r) => r.id), ...(focused ? [focused.record.id] : [])]);
  const others = [...new Set(shown.flatMap((r) => (r.recordId && !known.has(r.recordId) ? [r.recordId] : [])))];
  const labelled = await forRecords({ ids: others, limit: others.length });
  return ok({
    run,
    filing: filing ?? null,
    properties: byProperty(all),
    totals: Object.fromEntries(OUTCOMES.map((o) => [o, all.filter((i) => i.outcome === o).length])) as OutcomeCounts,
    recordCount: listed.total,
    page: { ...listed.page, records: listed.rows },
    /** The record a link opened, with the items narrowed to its results and the batch's. */
    focus: focused ? { record: focused.record, properties: byProperty(items(focused.results, focused.results.map((r) => ({ code: r.code, outcome: r.outcome, n: 1, details: 1 })))) } : null,
    /** Every record the report names (its page, the items' examples, the opened record), for labels and links. */
    named: [...listed.rows, ...labelled.rows, ...(focused ? [focused.record] : [])] satisfies RecordRow[],
    heldBack: held satisfies HeldBack | null,
  });
}

/** The page of records a link asks for; one past the end shows the last, as an old link should. */
async function recordPage(forRecords: (query: RecordQuery) => Promise<{ rows: ReportRecord[]; total: number }>, requested: number) {
  const at = (page: number) => forRecords({ limit: REPORT_PAGE_SIZE, offset: (page - 1) * REPORT_PAGE_SIZE });
  let listed = await at(requested);
  if (listed.rows.length === 0 && requested > 1) {
    const { total } = await forRecords({ limit: 1 });
    listed = await at(Math.max(1, Math.ceil(total / REPORT_PAGE_SIZE)));
  }
  return { ...listed, page: pageSlice(String(requested), listed.total, REPORT_PAGE_SIZE) };
}

export type CheckReport = Extract<Awaited<ReturnType<typeof getCheckReport>>, { ok: true }>["value"];
