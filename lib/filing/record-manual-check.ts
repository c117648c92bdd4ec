import { and, eq, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import { anyId } from "@/db/any-id";
import { checkResults, checkRuns, filings, records } from "@/db/schema";
import { DEFAULT_CHECK_REGISTRY } from "@/lib/archive/checks/registry";
import { summariseResults } from "@/lib/archive/checks/run-checks";
import type { CheckResult, Property } from "@/lib/archive/checks/types";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { lockRecords } from "@/lib/records/lock-records";
import { type RunSummary, recordStatus, runSummary } from "./check-runs";

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
    const [row] = await tx.select({ id: checkResults.id }).from(checkResults).where(where);
    if (!row) return fail("filing.result_not_found", { code });
    const at = ctx.now();
    await tx
      .update(checkResults)
      .set({ outcome, recordedBy: actor.userId, detail: { code: "archive.check.manual_recorded", params: { by: actor.displayName, at: at.toISOString(), ...(note ? { note } : {}) } } })
      .where(eq(checkResults.id, row.id));
    const all = await tx.select().from(checkResults).where(eq(checkResults.runId, runId));
    const results: CheckResult[] = all.map((r) => ({ code: r.code, property: r.property as Property, recordId: r.recordId, outcome: r.outcome, detail: r.detail as CheckResult["detail"] }));
    const { scope } = run.summary as unknown as RunSummary;
    const recordIds = [...new Set(all.flatMap((r) => (r.recordId ? [r.recordId] : [])))];
    await tx.update(checkRuns).set({ summary: { ...runSummary(scope, results, recordIds.length) } }).where(eq(checkRuns.id, runId));
    const summary = summariseResults(results);
    const affected = recordId ? [recordId] : recordIds;
    // By id first (lockRecords): a batch item rewrites every record of the run, which an import may be updating.
    if (affected.length > 1) await lockRecords(tx, anyId(records.id, affected), "no key update");
    for (const id of affected) await tx.update(records).set({ checkStatus: recordStatus(summary, id) }).where(eq(records.id, id));
    await appendAudit(tx, ctx, { action: "filing.manual_check_recorded", targetType: "check_run", targetId: runId, fondsId: run.fondsId, data: { code, recordId, outcome, note: note ?? null } });
    return ok({ runId, code, recordId, outcome });
  });
}
