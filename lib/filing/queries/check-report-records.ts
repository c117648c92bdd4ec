import { SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { OUTCOMES, type Outcome } from "@/lib/archive/checks/types";

export type OutcomeCounts = Record<Outcome, number>;

export const emptyCounts = (): OutcomeCounts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

// The order in which an item's overall result is named: one failed record makes the item fail.
const SEVERITY: readonly Outcome[] = ["fail", "warning", "not_performed", "pass", "not_applicable"];

/** The outcome that stands for several: the most severe one present. */
export function worstOutcome(counts: OutcomeCounts): Outcome {
  return SEVERITY.find((o) => counts[o] > 0) ?? "not_applicable";
}

/**
 * Per-record outcome counts as SQL columns, one per outcome, over a check_results row set. Compared as the
 * enum, not as text: casting each of a year's 690,000 results five times took as long as counting them.
 */
const outcomeColumns: SQL = sql.join(
  OUTCOMES.map((o) => sql`count(*) filter (where outcome = ${o}::check_outcome)::int as ${sql.identifier(o)}`),
  sql`, `,
);

export interface RecordRow {
  id: string;
  title: string;
  state: string;
  voucherWord: string | null;
  voucherNo: string | null;
}

export interface ReportRecord extends RecordRow {
  counts: OutcomeCounts;
  outcome: Outcome;
}

type CountedRow = { id: string; title: string; state: string; voucher_word: string | null; voucher_no: string | null; total: number } & OutcomeCounts;

function reportRecord(r: CountedRow): ReportRecord {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, r[o]])) as OutcomeCounts;
  return { id: r.id, title: r.title, state: r.state, voucherWord: r.voucher_word, voucherNo: r.voucher_no, counts, outcome: worstOutcome(counts) };
}

export interface RecordQuery {
  /** Narrows the records over `r` (records) and `per` (their counts by outcome). */
  where?: SQL;
  /**
   * Only these records, listed or selected by a query of their ids: counted from the index, where `where`
   * alone counts the whole run first.
   */
  ids?: readonly string[] | SQL;
  limit: number;
  offset?: number;
}

/**
 * The run's records with their outcome counts, in voucher order (word, then number), counted in PostgreSQL,
 * and how many match in all.
 */
export async function countedRecords(db: DbOrTx, runId: string, fondsId: string, query: RecordQuery): Promise<{ rows: ReportRecord[]; total: number }> {
  const { ids } = query;
  if (Array.isArray(ids) && ids.length === 0) return { rows: [], total: 0 };
  const only = ids instanceof SQL ? sql`and record_id in (${ids})` : ids ? sql`and record_id = any(${sql.param(ids)}::uuid[])` : sql``;
  const rows = (await db.execute(sql`
    with per as (
      select record_id, ${outcomeColumns} from check_results where run_id = ${runId} and record_id is not null ${only} group by record_id)
    select r.id, r.title, r.state, v.voucher_word, v.voucher_no, count(*) over ()::int as total, ${sql.join(
      OUTCOMES.map((o) => sql`per.${sql.identifier(o)}`),
      sql`, `,
    )}
    from per join records r on r.id = per.record_id and r.fonds_id = ${fondsId}
      left join vouchers v on v.record_id = r.id
    where ${query.where ?? sql`true`}
    order by v.voucher_word, v.voucher_no_num, r.title, r.id
    limit ${query.limit} offset ${query.offset ?? 0}`)) as unknown as CountedRow[];
  return { rows: rows.map(reportRecord), total: rows[0]?.total ?? 0 };
}
