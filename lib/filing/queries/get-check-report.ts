import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { checkRuns, filings, users } from "@/db/schema";
import { DEFAULT_CHECK_REGISTRY } from "@/lib/archive/checks/registry";
import { OUTCOMES, PROPERTIES, type Outcome, type Property } from "@/lib/archive/checks/types";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";
import type { CheckResultView, RunSummary } from "@/lib/filing/check-runs";
import { type HeldBack, heldBackPreview } from "@/lib/filing/held-back-preview";
import { groupBy } from "@/lib/group-by";
import { pageSlice } from "@/lib/page-slice";
import { type OutcomeCounts, type RecordRow, countedRecords, emptyCounts, worstOutcome } from "./check-report-records";

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

const TITLES = new Map(DEFAULT_CHECK_REGISTRY.map((c) => [c.code, c.title]));

type ResultRow = { id: number; code: string; property: string; record_id: string | null; outcome: Outcome; detail: CheckResultView["detail"]; recorded_by: string | null };

const resultColumns = sql`cr.id::int as id, cr.code, cr.property, cr.record_id, cr.outcome, cr.detail, u.display_name as recorded_by`;

function resultView(r: ResultRow): CheckResultView {
  return { id: r.id, code: r.code, title: TITLES.get(r.code) ?? { zh: r.code, en: r.code }, property: r.property as Property, recordId: r.record_id, outcome: r.outcome, detail: r.detail, recordedBy: r.recorded_by };
}

/**
 * What the report shows of each item without reading every result: the batch results, the first records
 * that did not pass, and the item's first two distinct explanations (one alone means it holds for all).
 */
async function shownResults(db: DbOrTx, runId: string): Promise<CheckResultView[]> {
  const rows = (await db.execute(sql`
    with firsts as (
      select first_id from (
        select min(id) as first_id, row_number() over (partition by code order by min(id)) as n
        from check_results where run_id = ${runId} group by code, detail) d
      where n <= 2),
    not_passed as (
      select id from (
        select id, row_number() over (partition by code order by id) as n
        from check_results where run_id = ${runId} and record_id is not null and outcome in ('fail', 'warning', 'not_performed')) p
      where n <= ${SHOWN_PER_ITEM})
    select ${resultColumns}
    from check_results cr left join users u on u.id = cr.recorded_by
    where cr.run_id = ${runId}
      and (cr.record_id is null or cr.id in (select first_id from firsts) or cr.id in (select id from not_passed))
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
 * (1.35 million results) costs a page's worth of memory. Readers of the fonds' records may read its reports;
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

  const [[filing], countRows, [recordCount], shown] = await Promise.all([
    db.select({ id: filings.id, state: filings.state, fiscalYear: filings.fiscalYear, period: filings.period }).from(filings).where(eq(filings.checkRunId, runId)),
    db.execute(sql`select code, outcome, count(*)::int as n from check_results where run_id = ${runId} group by code, outcome`) as unknown as Promise<{ code: string; outcome: Outcome; n: number }[]>,
    db.execute(sql`select count(distinct cr.record_id)::int as n from check_results cr join records r on r.id = cr.record_id and r.fonds_id = ${run.fondsId} where cr.run_id = ${runId}`) as unknown as Promise<{ n: number }[]>,
    shownResults(db, runId),
  ]);
  const pageOf = pageSlice(String(input.data.page), recordCount?.n ?? 0, REPORT_PAGE_SIZE);
  const [pageRecords, focusRecord, focusResults, held] = await Promise.all([
    countedRecords(db, runId, run.fondsId, sql`true`, REPORT_PAGE_SIZE, pageOf.from),
    record ? countedRecords(db, runId, run.fondsId, sql`r.id = ${record}`, 1, 0).then((rows) => rows[0] ?? null) : null,
    record ? recordResults(db, runId, record) : null,
    heldBack ? heldBackPreview(db, runId, run.fondsId) : null,
  ]);

  // An item's counts are over the whole run, or, for an opened record, over its results and the batch's.
  const items = (results: readonly CheckResultView[], tally: readonly { code: string; outcome: Outcome; n: number }[]) => {
    const byCode = groupBy(results, (r) => r.code);
    const countsByCode = groupBy(tally, (r) => r.code);
    return DEFAULT_CHECK_REGISTRY.map((def) => {
      const counts = emptyCounts();
      for (const c of countsByCode.get(def.code) ?? []) counts[c.outcome] += c.n;
      return { code: def.code, property: def.property, title: def.title, mode: def.mode, scope: def.scope, counts, outcome: worstOutcome(counts), shown: byCode.get(def.code) ?? [] };
    });
  };
  const byProperty = (list: ReturnType<typeof items>) =>
    PROPERTIES.map((property: Property) => {
      const own = list.filter((i) => i.property === property);
      const counts = emptyCounts();
      for (const i of own) counts[i.outcome] += 1;
      return { property, counts, items: own };
    });
  const all = items(shown, countRows);
  const named = [...new Set([...shown, ...(focusResults ?? [])].flatMap((r) => (r.recordId ? [r.recordId] : [])))];
  const onPage = new Set(pageRecords.map((r) => r.id));
  const others = named.filter((id) => !onPage.has(id) && id !== focusRecord?.id);
  const labelled = others.length ? await countedRecords(db, runId, run.fondsId, sql`r.id = any(${sql.param(others)}::uuid[])`, others.length, 0) : [];
  return ok({
    run,
    filing: filing ?? null,
    properties: byProperty(all),
    totals: Object.fromEntries(OUTCOMES.map((o) => [o, all.filter((i) => i.outcome === o).length])) as OutcomeCounts,
    recordCount: recordCount?.n ?? 0,
    page: { ...pageOf, records: pageRecords },
    /** The record a link opened, with the items narrowed to its results and the batch's. */
    focus: focusRecord && focusResults ? { record: focusRecord, properties: byProperty(items(focusResults, focusResults.map((r) => ({ code: r.code, outcome: r.outcome, n: 1 })))) } : null,
    /** Every record the report names (its page, the items' examples, the opened record), for labels and links. */
    named: [...pageRecords, ...labelled, ...(focusRecord ? [focusRecord] : [])] satisfies RecordRow[],
    heldBack: held satisfies HeldBack | null,
  });
}

export type CheckReport = Extract<Awaited<ReturnType<typeof getCheckReport>>, { ok: true }>["value"];
