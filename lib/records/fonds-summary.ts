import { and, count, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { approvalRequests, records } from "@/db/schema";

export interface FondsSummary {
  byState: Record<string, number>;
  byCategory: Record<string, number>;
  total: number;
  pendingApprovals: number;
}

/** Headline counts for the home page of one fonds. */
export async function getFondsSummary(db: DbOrTx, fondsId: string): Promise<FondsSummary> {
  const [states, categories, [pending]] = await Promise.all([
    db.select({ key: records.state, n: count() }).from(records).where(eq(records.fondsId, fondsId)).groupBy(records.state),
    db.select({ key: records.category, n: count() }).from(records).where(eq(records.fondsId, fondsId)).groupBy(records.category),
    db
      .select({ n: count() })
      .from(approvalRequests)
      .where(and(eq(approvalRequests.fondsId, fondsId), eq(approvalRequests.state, sql`'pending'`))),
  ]);
  const byState = Object.fromEntries(states.map((r) => [r.key, r.n]));
  return {
    byState,
    byCategory: Object.fromEntries(categories.map((r) => [r.key, r.n])),
    total: states.reduce((sum, r) => sum + r.n, 0),
    pendingApprovals: pending?.n ?? 0,
  };
}
