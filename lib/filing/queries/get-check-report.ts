import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { anyId } from "@/db/any-id";
import { checkRuns, filings, records, users, vouchers } from "@/db/schema";
import { loadCheckRun } from "@/lib/filing/check-runs";
import { DEFAULT_CHECK_REGISTRY } from "@/lib/archive/checks/registry";
import { OUTCOMES, PROPERTIES, type Outcome, type Property } from "@/lib/archive/checks/types";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";
import { groupBy } from "@/lib/group-by";

export const CheckReportInput = z.object({ runId: z.uuid() });

export type OutcomeCounts = Record<Outcome, number>;

const emptyCounts = (): OutcomeCounts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

// The order in which an item's overall result is named: one failed record makes the item fail.
const SEVERITY: readonly Outcome[] = ["fail", "warning", "not_performed", "pass", "not_applicable"];

/** The outcome that stands for several: the most severe one present. */
export function worstOutcome(counts: OutcomeCounts): Outcome {
  return SEVERITY.find((o) => counts[o] > 0) ?? "not_applicable";
}

/**
 * A check run as its report shows it (DA/T 70 4.3: every item is listed with its result): the registry's
 * items in order, grouped by property, each with its counts and its results per record, plus the records
 * the run covered. Readers of the fonds' records may read its reports; approvers read them before deciding.
 */
export async function getCheckReport(ctx: ServiceContext, raw: unknown) {
  const input = CheckReportInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const db = ctx.db;
  const view = await loadCheckRun(db, input.data.runId);
  if (!view || (ctx.actor && !can(ctx.actor, "record.read", view.fondsId))) return fail("filing-ui.check_run_not_found");
  const { results } = view;
  const [[creator], [filing]] = await Promise.all([
    db.select({ name: users.displayName }).from(checkRuns).innerJoin(users, eq(users.id, checkRuns.createdBy)).where(eq(checkRuns.id, view.runId)),
    db.select({ id: filings.id, state: filings.state, fiscalYear: filings.fiscalYear, period: filings.period }).from(filings).where(eq(filings.checkRunId, view.runId)),
  ]);
  const run = { id: view.runId, fondsId: view.fondsId, startedAt: view.startedAt, finishedAt: view.finishedAt, createdBy: creator?.name ?? null, scope: view.summary.scope };
  const recordIds = [...new Set(results.flatMap((r) => (r.recordId ? [r.recordId] : [])))];
  const recordRows = recordIds.length
    ? await db
        .select({
          id: records.id,
          title: records.title,
          state: records.state,
          voucherWord: vouchers.voucherWord,
          voucherNo: vouchers.voucherNo,
          voucherNoNum: vouchers.voucherNoNum,
        })
        .from(records)
        .leftJoin(vouchers, eq(vouchers.recordId, records.id))
        .where(and(eq(records.fondsId, run.fondsId), anyId(records.id, recordIds)))
        .orderBy(asc(vouchers.voucherWord), asc(vouchers.voucherNoNum), asc(records.title), asc(records.id))
    : [];

  const byCode = groupBy(results, (r) => r.code);
  const items = DEFAULT_CHECK_REGISTRY.map((def) => {
    const own = byCode.get(def.code) ?? [];
    const counts = emptyCounts();
    for (const r of own) counts[r.outcome] += 1;
    return { code: def.code, property: def.property, title: def.title, mode: def.mode, scope: def.scope, counts, outcome: worstOutcome(counts), results: own };
  });
  const properties = PROPERTIES.map((property: Property) => {
    const list = items.filter((i) => i.property === property);
    const counts = emptyCounts();
    for (const i of list) counts[i.outcome] += 1;
    return { property, counts, items: list };
  });
  const perRecord = new Map<string, OutcomeCounts>();
  for (const r of results) {
    if (!r.recordId) continue;
    const counts = perRecord.get(r.recordId) ?? emptyCounts();
    counts[r.outcome] += 1;
    perRecord.set(r.recordId, counts);
  }
  return ok({
    run,
    filing: filing ?? null,
    properties,
    totals: Object.fromEntries(OUTCOMES.map((o) => [o, items.filter((i) => i.outcome === o).length])) as OutcomeCounts,
    records: recordRows.map((r) => {
      const counts = perRecord.get(r.id) ?? emptyCounts();
      return { ...r, counts, outcome: worstOutcome(counts) };
    }),
  });
}

export type CheckReport = Extract<Awaited<ReturnType<typeof getCheckReport>>, { ok: true }>["value"];
