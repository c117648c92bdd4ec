import { and, count, eq, gte, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { approvalRequests, imports, records } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { calendarDate } from "@/lib/i18n/calendar-date";

export const ArchiveStatsInput = z.object({ fondsId: z.uuid() });

export interface ArchiveStats {
  total: number;
  byYear: { fiscalYear: number; total: number; archived: number }[];
  byCategory: { category: string; total: number }[];
  byState: { state: string; total: number }[];
  collectedNotFiled: number;
  failedChecks: number;
  imports30d: { total: number; succeeded: number; failed: number; records: number };
  pendingApprovals: number;
  expiringWithinYear: number;
  /** The window of "expiring within a year", as ISO dates, so the page links to the same list. */
  expiryWindow: { from: string; to: string };
}

/**
 * The dashboard of one fonds: what the archive holds (by year, class, state), what waits (collected but
 * not filed, failed four-property checks, pending approvals), what arrived (imports of the last 30 days)
 * and what is due for appraisal (retention expiring within a year, 79号令 Art. 16).
 */
export async function getArchiveStats(ctx: ServiceContext, raw: unknown): Promise<Result<ArchiveStats>> {
  const input = ArchiveStatsInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { fondsId } = input.data;
  if (!authorize(ctx, "stats.read", fondsId)) return fail("auth.forbidden");
  const now = ctx.now();
  // The window is in calendar days as Beijing reads them; 29 February's year ends on 28 February.
  const from = calendarDate(now);
  const to = `${Number(from.slice(0, 4)) + 1}${from.slice(4) === "-02-29" ? "-02-28" : from.slice(4)}`;
  const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
  const inFonds = eq(records.fondsId, fondsId);
  const [byYear, byCategory, byState, [failed], [expiring], [importRow], [pending]] = await Promise.all([
    ctx.db
      .select({ fiscalYear: records.fiscalYear, total: count(), archived: sql<number>`count(*) filter (where ${records.state} = 'archived')::int` })
      .from(records)
      .where(inFonds)
      .groupBy(records.fiscalYear)
      .orderBy(records.fiscalYear),
    ctx.db.select({ category: records.category, total: count() }).from(records).where(inFonds).groupBy(records.category).orderBy(records.category),
    ctx.db.select({ state: records.state, total: count() }).from(records).where(inFonds).groupBy(records.state).orderBy(records.state),
    ctx.db.select({ n: count() }).from(records).where(and(inFonds, eq(records.checkStatus, "failed"))),
    ctx.db.select({ n: count() }).from(records).where(and(inFonds, gte(records.retentionExpiresOn, from), lte(records.retentionExpiresOn, to))),
    ctx.db
      .select({
        total: count(),
        succeeded: sql<number>`count(*) filter (where ${imports.state} = 'succeeded')::int`,
        failed: sql<number>`count(*) filter (where ${imports.state} = 'failed')::int`,
        records: sql<number>`coalesce(sum((${imports.counts}->>'created')::int + (${imports.counts}->>'updated')::int), 0)::int`,
      })
      .from(imports)
      .where(and(eq(imports.fondsId, fondsId), gte(imports.createdAt, since))),
    ctx.db.select({ n: count() }).from(approvalRequests).where(and(eq(approvalRequests.fondsId, fondsId), eq(approvalRequests.state, "pending"))),
  ]);
  return ok({
    total: byState.reduce((s, r) => s + r.total, 0),
    byYear,
    byCategory,
    byState,
    collectedNotFiled: byState.find((r) => r.state === "collected")?.total ?? 0,
    failedChecks: failed?.n ?? 0,
    imports30d: importRow ?? { total: 0, succeeded: 0, failed: 0, records: 0 },
    pendingApprovals: pending?.n ?? 0,
    expiringWithinYear: expiring?.n ?? 0,
    expiryWindow: { from, to },
  });
}
