import { and, asc, eq, isNotNull } from "drizzle-orm";
import { records } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";

/**
 * The month the workbench opens on: the oldest month that still has collected records, since filing goes
 * month by month (DA/T 94 8.1); null when everything collected is filed.
 */
export async function nextPeriodToFile(ctx: ServiceContext, fondsId: string): Promise<{ fiscalYear: number; period: number } | null> {
  if (ctx.actor && !can(ctx.actor, "filing.submit", fondsId)) return null;
  const [row] = await ctx.db
    .select({ fiscalYear: records.fiscalYear, period: records.period })
    .from(records)
    .where(and(eq(records.fondsId, fondsId), eq(records.state, "collected"), isNotNull(records.period)))
    .orderBy(asc(records.fiscalYear), asc(records.period))
    .limit(1);
  return row?.period ? { fiscalYear: row.fiscalYear, period: row.period } : null;
}
