import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { groupBy } from "@/lib/group-by";
import { recordFlags } from "./check-runs";
import { type ReportRecord, countedRecords } from "./queries/check-report-records";

type Reason = { code: string; params: Record<string, string | number> };

/** Failed records listed by name on the workbench; the rest are counted and the report lists them all. */
export const HELD_BACK_SHOWN = 100;

export interface HeldBack {
  /** Records submission would hold back now. */
  count: number;
  collected: number;
  /** Collected records whose worst result, or the batch's, is a warning: held back unless the clerk overrides warnings. */
  warned: number;
  batchReasons: Reason[];
  /** The first failed collected records in voucher order, each with its failed items. */
  failed: { record: ReportRecord; reasons: Reason[] }[];
  failedCount: number;
}

const reason = (r: { code: string; detail: { code: string; params?: Record<string, string | number> } }): Reason => ({
  code: r.detail.code,
  params: { ...r.detail.params, item: r.code },
});

/**
 * What a submission would hold back, read from a stored run: each collected record that failed its own
 * items, and, when an item of the whole batch failed (2-6 numbering, say), every collected record, since
 * submitFiling holds back a record for any failed result that is its own or the batch's. Counted in
 * PostgreSQL; only the first failed records are read with their reasons.
 */
export async function heldBackPreview(db: DbOrTx, runId: string, fondsId: string): Promise<HeldBack> {
  const [[tally], batch, failed] = await Promise.all([
    db.execute(sql`
      with flags as (${recordFlags(runId)})
      -- A batch item's warning is every record's, as submission reads it.
      select count(*)::int as collected, count(*) filter (where not flags.failed and (flags.warned or flags.batch_warned))::int as warned
      from flags join records r on r.id = flags.record_id and r.fonds_id = ${fondsId}
      where r.state = 'collected'`) as unknown as Promise<{ collected: number; warned: number }[]>,
    db.execute(sql`select code, detail from check_results where run_id = ${runId} and record_id is null and outcome = 'fail' order by id`) as unknown as Promise<
      { code: string; detail: Reason }[]
    >,
    // Only the records that failed are counted: found from the index of results that did not pass.
    countedRecords(db, runId, fondsId, {
      ids: sql`select record_id from check_results where run_id = ${runId} and outcome = 'fail' and record_id is not null`,
      where: sql`r.state = 'collected'`,
      limit: HELD_BACK_SHOWN,
    }),
  ]);
  const reasons = failed.rows.length
    ? groupBy(
        (await db.execute(sql`
          select record_id, code, detail from check_results
          where run_id = ${runId} and outcome = 'fail' and record_id = any(${sql.param(failed.rows.map((r) => r.id))}::uuid[])
          order by id`)) as unknown as { record_id: string; code: string; detail: Reason }[],
        (r) => r.record_id,
        reason,
      )
    : new Map<string, Reason[]>();
  const batchReasons = batch.map(reason);
  const collected = tally?.collected ?? 0;
  const failedCount = failed.total;
  return {
    count: batchReasons.length ? collected : failedCount,
    collected,
    warned: tally?.warned ?? 0,
    batchReasons,
    failed: failed.rows.map((record) => ({ record, reasons: reasons.get(record.id) ?? [] })),
    failedCount,
  };
}
