import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { anyId } from "@/db/any-id";
import type { DbOrTx } from "@/db";
import { records, volumes } from "@/db/schema";
import { DEFAULT_CHECK_REGISTRY } from "@/lib/archive/checks/registry";
import { runChecks } from "@/lib/archive/checks/run-checks";
import type { CheckResult } from "@/lib/archive/checks/types";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { calendarDate } from "@/lib/i18n/calendar-date";
import { getObjectStore } from "@/lib/storage";
import { type CheckDeps, buildCheckContext } from "./check-batch";
import { type CheckScope, type RunSummary, priorManualResults, saveCheckRun, scopeKey } from "./check-runs";
import { PeriodScope, VolumeIds } from "./filing-scope";
import { periodScopeRecordIds } from "./scope-records";
import { type FondsRules, loadFondsRules } from "./fonds-rules";

export const RunFilingChecksInput = z.union([PeriodScope.strict(), z.object({ volumeIds: VolumeIds }).strict()]);

/** The fonds of a set of volumes; one filing batch belongs to one fonds. */
export async function fondsOfVolumes(db: DbOrTx, volumeIds: readonly string[]): Promise<Result<string>> {
  const rows = await db.selectDistinct({ fondsId: volumes.fondsId, id: volumes.id }).from(volumes).where(anyId(volumes.id, [...volumeIds]));
  if (rows.length !== new Set(volumeIds).size) return fail("filing.volume_not_found");
  const fonds = [...new Set(rows.map((r) => r.fondsId))];
  if (fonds.length !== 1) return fail("filing.volumes_mixed_fonds");
  return ok(fonds[0]!);
}

/** The collected records a scope covers: a period's, or those in the given volumes. */
export async function scopeRecordIds(db: DbOrTx, scope: CheckScope): Promise<string[]> {
  if (!("volumeIds" in scope)) return periodScopeRecordIds(db, scope);
  const rows = await db.select({ id: records.id }).from(records).where(and(anyId(records.volumeId, scope.volumeIds), eq(records.state, "collected")));
  return rows.map((r) => r.id);
}

/**
 * Reads the records and their stored bytes and runs every DA/T 70 item (nothing stored yet): the slow part
 * (digests, sniffing, virus scans) happens outside any transaction.
 */
export async function evaluateChecks(ctx: ServiceContext, scope: CheckScope, rules: FondsRules, recordIds: readonly string[], deps: CheckDeps): Promise<CheckResult[]> {
  const manual = await priorManualResults(ctx.db, recordIds, scopeKey(scope));
  const checkContext = await buildCheckContext(ctx.db, recordIds, rules, manual, deps, calendarDate(ctx.now()));
  return runChecks(DEFAULT_CHECK_REGISTRY, checkContext, rules.checkOptions);
}

/** A run just stored: its id, summary and every result as stored (their ids and people's names are the report's to read). */
export interface CheckRunOutcome {
  runId: string;
  fondsId: string;
  startedAt: Date;
  summary: RunSummary;
  results: readonly CheckResult[];
}

/**
 * Runs the four-property checks (四性检测, DA/T 70 filing stage) over a period's collected records or the
 * records in some volumes, and stores the report: a check_runs row and a result for every item, for every
 * record and for the batch, implemented or not (manual items wait for a person, other stages' items are not
 * applicable). Each record's check status follows its results.
 */
export async function runFilingChecks(ctx: ServiceContext, raw: unknown, deps?: Partial<CheckDeps>): Promise<Result<CheckRunOutcome>> {
  const input = RunFilingChecksInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const scope: CheckScope = input.data;
  const fondsId = "volumeIds" in scope ? await fondsOfVolumes(ctx.db, scope.volumeIds) : ok(scope.fondsId);
  if (!fondsId.ok) return fondsId;
  if (!authorize(ctx, "filing.submit", fondsId.value)) return fail("auth.forbidden");
  const rules = await loadFondsRules(ctx.db, fondsId.value);
  if (!rules.ok) return rules;
  const recordIds = await scopeRecordIds(ctx.db, scope);
  if (recordIds.length === 0) return fail("filing.nothing_collected");
  const startedAt = ctx.now();
  const results = await evaluateChecks(ctx, scope, rules.value, recordIds, { store: deps?.store ?? getObjectStore(), ...(deps?.antivirus ? { antivirus: deps.antivirus } : {}) });
  const { runId, summary } = await ctx.db.transaction((tx) => saveCheckRun(tx, ctx, fondsId.value, scope, results, recordIds, startedAt));
  // What was stored, answered from memory: reading a year's 690,000 results back would hold them twice.
  return ok({ runId, fondsId: fondsId.value, startedAt, summary, results });
}
