import { and, eq, inArray, sql } from "drizzle-orm";
import { filingRecords, filings, records, vouchers } from "@/db/schema";
import { fondsWith } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";

export interface FilingTotals {
  records: number;
  heldBack: number;
  /** Exact decimal string: summed by PostgreSQL numeric, never a float. */
  total: string;
}

/**
 * Counts and totals of several filing requests at once, for the inbox rows. Requests in fonds the actor
 * may neither read nor approve are left out.
 */
export async function listFilingTotals(ctx: ServiceContext, filingIds: readonly string[]): Promise<Map<string, FilingTotals>> {
  if (filingIds.length === 0) return new Map();
  const visible = ctx.actor ? [fondsWith(ctx.actor, "record.read"), fondsWith(ctx.actor, "approval.decide")] : ["all" as const];
  const all = visible.includes("all");
  const fondsIds = [...new Set(visible.flatMap((v) => (v === "all" ? [] : v)))];
  if (!all && fondsIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({
      filingId: filingRecords.filingId,
      records: sql<number>`count(*) filter (where ${filingRecords.status} <> 'held_back')`.mapWith(Number),
      heldBack: sql<number>`count(*) filter (where ${filingRecords.status} = 'held_back')`.mapWith(Number),
      total: sql<string>`coalesce(sum(coalesce(${vouchers.debitTotal}, ${records.amount})) filter (where ${filingRecords.status} <> 'held_back'), 0)::text`,
    })
    .from(filingRecords)
    .innerJoin(filings, eq(filings.id, filingRecords.filingId))
    .innerJoin(records, eq(records.id, filingRecords.recordId))
    .leftJoin(vouchers, eq(vouchers.recordId, records.id))
    .where(and(inArray(filingRecords.filingId, [...filingIds]), all ? undefined : inArray(filings.fondsId, fondsIds)))
    .groupBy(filingRecords.filingId);
  return new Map(rows.map(({ filingId, ...t }) => [filingId, t]));
}
