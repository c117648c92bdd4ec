import { finding } from "./finding";
import type { CheckOptions } from "./options";
import { PROPERTIES, type CheckContext, type CheckDefinition, type CheckResult, type Finding, type Outcome, type Property } from "./types";

/**
 * Runs every item of the registry over a batch. Items outside the stage are listed as not applicable and
 * items the fonds switched off as not performed, so the report always names every item (DA/T 70 4.3).
 * Record-level items yield one result per record; batch-level items yield results with `recordId: null`.
 */
export function runChecks(registry: readonly CheckDefinition[], ctx: CheckContext, options: CheckOptions): CheckResult[] {
  const results: CheckResult[] = [];
  for (const check of registry) {
    const fixed: Finding | null = !check.stages.includes(options.stage)
      ? finding("not_applicable", "archive.check.not_in_stage", { stage: options.stage })
      : options.disabled.includes(check.code)
        ? finding("not_performed", "archive.check.disabled")
        : null;
    const base = { code: check.code, property: check.property };
    if (check.scope === "batch") {
      for (const f of fixed ? [fixed] : check.run(ctx, options)) results.push({ ...base, recordId: null, ...f });
    } else {
      for (const record of ctx.batch.records) {
        results.push({ ...base, recordId: record.id, ...(fixed ?? check.run({ ...ctx, record }, options)) });
      }
    }
  }
  return results;
}

type Counts = Record<Outcome, number>;

export interface CheckSummary {
  /** No item failed, for the batch and every record. */
  passed: boolean;
  byProperty: Record<Property, Counts & { passed: boolean }>;
  /** Per record: passes when none of its own results and none of the batch-level results failed. */
  records: Record<string, { passed: boolean; failed: string[]; warnings: string[] }>;
  failed: CheckResult[];
  warnings: CheckResult[];
  notPerformed: string[];
}

function emptyCounts(): Counts {
  return { pass: 0, fail: 0, warning: 0, not_applicable: 0, not_performed: 0 };
}

/** Totals per property and per record; a record passes when nothing failed, and warnings are listed. */
export function summariseResults(results: readonly CheckResult[]): CheckSummary {
  const byProperty = Object.fromEntries(PROPERTIES.map((p) => [p, { ...emptyCounts(), passed: true }])) as CheckSummary["byProperty"];
  const batchFailed = results.filter((r) => r.recordId === null && r.outcome === "fail").map((r) => r.code);
  const batchWarnings = results.filter((r) => r.recordId === null && r.outcome === "warning").map((r) => r.code);
  const records: CheckSummary["records"] = {};
  for (const r of results) {
    const counts = byProperty[r.property];
    counts[r.outcome] += 1;
    if (r.outcome === "fail") counts.passed = false;
    if (r.recordId === null) continue;
    const entry = (records[r.recordId] ??= { passed: batchFailed.length === 0, failed: [...batchFailed], warnings: [...batchWarnings] });
    if (r.outcome === "fail") {
      entry.passed = false;
      entry.failed.push(r.code);
    }
    if (r.outcome === "warning") entry.warnings.push(r.code);
  }
  return {
    passed: results.every((r) => r.outcome !== "fail"),
    byProperty,
    records,
    failed: results.filter((r) => r.outcome === "fail"),
    warnings: results.filter((r) => r.outcome === "warning"),
    notPerformed: [...new Set(results.filter((r) => r.outcome === "not_performed").map((r) => r.code))],
  };
}
