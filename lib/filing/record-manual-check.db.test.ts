import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { checkResults, checkRuns, records } from "@/db/schema";
import { makeArchiveFonds, makeMonth, makeVoucher, noAntivirus, tempStore } from "@/db/test/archive-factories";
import { contextFor } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { summariseResults } from "@/lib/archive/checks/run-checks";
import type { CheckResult, Property } from "@/lib/archive/checks/types";
import { type RunSummary, recordStatus, runSummary } from "./check-runs";
import { getCheckReport } from "./queries/get-check-report";
import { recordManualCheck } from "./record-manual-check";
import { runFilingChecks } from "./run-filing-checks";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

/** What the run's summary and its records' statuses must be: recomputed from every stored result. */
async function recomputed(db: ReturnType<typeof testDb>["db"], runId: string) {
  const [run] = await db.select().from(checkRuns).where(eq(checkRuns.id, runId));
  const rows = await db.select().from(checkResults).where(eq(checkResults.runId, runId));
  const results: CheckResult[] = rows.map((r) => ({ code: r.code, property: r.property as Property, recordId: r.recordId, outcome: r.outcome, detail: r.detail as CheckResult["detail"] }));
  const stored = run!.summary as unknown as RunSummary;
  const ids = [...new Set(results.flatMap((r) => (r.recordId ? [r.recordId] : [])))];
  const full = summariseResults(results);
  const statuses = await db.select({ id: records.id, status: records.checkStatus }).from(records).where(eq(records.fondsId, run!.fondsId));
  return {
    stored: { summary: stored, statuses: Object.fromEntries(statuses.filter((s) => ids.includes(s.id)).map((s) => [s.id, s.status])) },
    expected: { summary: runSummary(stored.scope, full, ids.length), statuses: Object.fromEntries(ids.map((id) => [id, recordStatus(full, id)])) },
  };
}

// Which items were not performed is a set: its order follows where the results lie on disk.
const normalised = (v: { summary: RunSummary; statuses: Record<string, string> }) => ({ ...v, summary: { ...v.summary, notPerformed: [...v.summary.notPerformed].sort() } });

describe("a person's result for a manual check item", () => {
  it("keeps the run's totals and every record's status as a recount of all its results would", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const ids = await makeMonth(db, fonds.id, { 记: 3 }, 2024, 6);
    // No preparer: 2-4 fails for this record whatever a person records.
    const broken = await makeVoucher(db, { fondsId: fonds.id, fiscalYear: 2024, period: 6, no: 4, preparer: null, metadata: { preparer: null } });
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const run = await runFilingChecks(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 6 }, { store: s.store, antivirus: noAntivirus });
    if (!run.ok) throw new Error(run.error.code);
    const runId = run.value.runId;
    const [first, second] = ids["记"]!;
    const steps = [
      { recordId: first, code: "2-7", outcome: "warning" },
      { recordId: first, code: "2-7", outcome: "warning" },
      { recordId: second, code: "2-7", outcome: "fail" },
      { recordId: broken, code: "3-4", outcome: "pass" },
      // A batch item fails every record, then lets their own results decide again.
      { code: "3-6", outcome: "fail" },
      { code: "3-6", outcome: "warning" },
      { recordId: second, code: "2-7", outcome: "pass" },
      { code: "3-6", outcome: "pass" },
      { code: "4-7", outcome: "pass" },
      { recordId: first, code: "2-7", outcome: "pass" },
    ] as const;
    const seen: string[] = [];
    for (const step of steps) {
      expect(await recordManualCheck(ctx, { runId, ...step })).toMatchObject({ ok: true });
      const { stored, expected } = await recomputed(db, runId);
      expect(normalised(stored)).toEqual(normalised(expected));
      seen.push(...Object.values(stored.statuses));
    }
    // The sequence went through every status a record can carry, and the last records 3-4 and 2-7 for a record left not performed.
    expect(new Set(seen)).toEqual(new Set(["passed", "warning", "failed"]));
    const { stored } = await recomputed(db, runId);
    expect(stored.summary.notPerformed).toContain("2-7");
    expect(stored.summary.notPerformed).not.toContain("3-6");
  });

  it("names the item not performed until its last record is judged", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const ids = await makeMonth(db, fonds.id, { 记: 2 }, 2024, 7);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const run = await runFilingChecks(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 7 }, { store: s.store, antivirus: noAntivirus });
    if (!run.ok) throw new Error(run.error.code);
    const notPerformed = async () => ((await recomputed(db, run.value.runId)).stored.summary.notPerformed as string[]).includes("2-7");
    expect(await notPerformed()).toBe(true);
    await recordManualCheck(ctx, { runId: run.value.runId, recordId: ids["记"]![0], code: "2-7", outcome: "pass" });
    expect(await notPerformed()).toBe(true);
    await recordManualCheck(ctx, { runId: run.value.runId, recordId: ids["记"]![1], code: "2-7", outcome: "pass" });
    expect(await notPerformed()).toBe(false);
  });
});

describe("the workbench's preview after a batch item warns", () => {
  it("counts every collected record as warned, as submission without the override holds each one back", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    await makeMonth(db, fonds.id, { 记: 3 }, 2024, 8);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const run = await runFilingChecks(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 8 }, { store: s.store, antivirus: noAntivirus });
    if (!run.ok) throw new Error(run.error.code);
    const preview = async () => {
      const report = await getCheckReport(ctx, { runId: run.value.runId, heldBack: true });
      if (!report.ok) throw new Error(report.error.code);
      return report.value.heldBack!;
    };
    const before = await preview();
    expect(await recordManualCheck(ctx, { runId: run.value.runId, code: "3-6", outcome: "warning" })).toMatchObject({ ok: true });
    expect(await preview()).toMatchObject({ collected: 3, warned: 3 - before.failedCount, count: before.count });
  });
});
