import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db";
import { checkResults, checkRuns, filings, records } from "@/db/schema";
import { DEFAULT_CHECK_REGISTRY } from "@/lib/archive/checks/registry";
import type { Outcome, Property } from "@/lib/archive/checks/types";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { lockRecords } from "@/lib/records/lock-records";
import { type RunSummary, recordFlags, summaryAfterChange } from "./check-runs";

export const RecordManualCheckInput = z.object({
  runId: z.uuid(),
  /** Omitted for an item decided for the whole batch (3-6 environment, 4-7 process security). */
  recordId: z.uuid().optional(),
  code: z.string().regex(/^[1-4]-\d{1,2}$/),
  outcome: z.enum(["pass", "fail", "warning"]),
  note: z.string().trim().max(1000).optional(),
});

const MANUAL = new Set(DEFAULT_CHECK_REGISTRY.filter((c) => c.mode === "manual").map((c) => c.code));

/**
 * A person's result for an item software cannot decide (DA/T 70 2-7 content complete, 3-4 readable…). It
 * replaces the "not performed" result in the run, updates the run's totals and the record's status, and is
 * carried into later runs of the same records.
 */
export async function recordManualCheck(ctx: ServiceContext, raw: unknown): Promise<Result<{ runId: string; code: string; recordId: string | null; outcome: string }>> {
  const input = RecordManualCheckInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { runId, code, outcome, note } = input.data;
  const recordId = input.data.recordId ?? null;
  if (!MANUAL.has(code)) return fail("filing.manual_not_allowed", { code });
  if (!ctx.actor) return fail("auth.unauthenticated");
  const actor = ctx.actor;
  return ctx.db.transaction(async (tx) => {
    const [run] = await tx.select().from(checkRuns).where(eq(checkRuns.id, runId)).for("update");
    if (!run) return fail("filing.check_run_not_found");
    if (!authorize(ctx, "filing.submit", run.fondsId)) return fail("auth.forbidden");
    // A run a filing was decided on is the evidence of that decision: it no longer takes results.
    const [decided] = await tx.select({ state: filings.state }).from(filings).where(and(eq(filings.checkRunId, runId), ne(filings.state, "pending"))).limit(1);
    if (decided) return fail("filing.check_run_closed", { state: decided.state });
    const where = and(eq(checkResults.runId, runId), eq(checkResults.code, code), recordId ? eq(checkResults.recordId, recordId) : isNull(checkResults.recordId));
    const [row] = await tx.select({ id: checkResults.id, property: checkResults.property, outcome: checkResults.outcome }).from(checkResults).where(where);
    if (!row) return fail("filing.result_not_found", { code });
    // The batch's own results, as they were: a record's status reads them with its own.
    const batch = recordId ? null : await tx.select({ id: checkResults.id, outcome: checkResults.outcome }).from(checkResults).where(and(eq(checkResults.runId, runId), isNull(checkResults.recordId)));
    const at = ctx.now();
    await tx
      .update(checkResults)
      .set({ outcome, recordedBy: actor.userId, detail: { code: "archive.check.manual_recorded", params: { by: actor.displayName, at: at.toISOString(), ...(note ? { note } : {}) } } })
      .where(eq(checkResults.id, row.id));
    const notPerformedLeft = row.outcome === "not_performed" && (await stillNotPerformed(tx, runId, code));
    const summary = summaryAfterChange(run.summary as unknown as RunSummary, { code, property: row.property as Property, from: row.outcome, to: outcome, notPerformedLeft });
    await tx.update(checkRuns).set({ summary: { ...summary } }).where(eq(checkRuns.id, runId));
    if (recordId) await restatus(tx, runId, recordId);
    else if (!sameFlags(batch!, batch!.map((r) => (r.id === row.id ? { ...r, outcome } : r)))) {
      // Every record of the run shares the batch's result. By id first (lockRecords): an import may be updating them.
      await lockRecords(tx, inArray(records.id, tx.select({ id: checkResults.recordId }).from(checkResults).where(eq(checkResults.runId, runId))), "no key update");
      await restatus(tx, runId, null);
    }
    await appendAudit(tx, ctx, { action: "filing.manual_check_recorded", targetType: "check_run", targetId: runId, fondsId: run.fondsId, data: { code, recordId, outcome, note: note ?? null } });
    return ok({ runId, code, recordId, outcome });
  });
}

/** Whether the batch's results, held back or warned, read the same for every record before and after. */
function sameFlags(before: readonly { outcome: Outcome }[], after: readonly { outcome: Outcome }[]): boolean {
  const flags = (rows: readonly { outcome: Outcome }[]) => `${rows.some((r) => r.outcome === "fail")}:${rows.some((r) => r.outcome === "warning")}`;
  return flags(before) === flags(after);
}

/** Whether other results of the item are still not performed: the run's summary names the item until none is. */
async function stillNotPerformed(tx: Tx, runId: string, code: string): Promise<boolean> {
  const [left] = await tx
    .select({ id: checkResults.id })
    .from(checkResults)
    .where(and(eq(checkResults.runId, runId), eq(checkResults.code, code), eq(checkResults.outcome, "not_performed")))
    .limit(1);
  return left !== undefined;
}

/**
 * Sets the check status of one record of the run, or of all of them, as `recordStatus` reads it
 * (`recordFlags`), in one statement. Rows whose status stays are not written.
 */
async function restatus(tx: Tx, runId: string, recordId: string | null) {
  await tx.execute(sql`
    with flags as (${recordFlags(runId, recordId)}),
    status as (
      select record_id as id,
        (case when failed or batch_failed then 'failed' when warned or batch_warned then 'warning' else 'passed' end)::check_status as status
      from flags)
    update ${records} r set check_status = status.status from status where r.id = status.id and r.check_status is distinct from status.status`);
}
