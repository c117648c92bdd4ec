import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { auditEvents } from "@/db/schema";
import { systemContext } from "@/lib/context";
import { runFixityAudit } from "./run-fixity-audit";

/** The fixity job runs at 02:00 on the first day of each quarter (Asia/Shanghai). */
export const FIXITY_CRON = "0 2 1 1,4,7,10 *";

/** DA/T 70 4.3.1.2: the whole store is verified at least every two years; the quarters between take a sample. */
export const FULL_AUDIT_EVERY_YEARS = 2;

/** "full" when no full audit ran in the last two years (or ever), else "sample". */
export function fixityModeDue(lastFullAt: Date | null, now: Date): "full" | "sample" {
  if (!lastFullAt) return "full";
  const due = new Date(lastFullAt);
  due.setUTCFullYear(due.getUTCFullYear() + FULL_AUDIT_EVERY_YEARS);
  // A quarterly job fires a few hours either side of the anniversary; a week's slack keeps it from slipping a quarter.
  due.setUTCDate(due.getUTCDate() - 7);
  return now >= due ? "full" : "sample";
}

/** The scheduled job: a sample, or everything when the two-year full audit is due. The audit trail says when it last ran. */
export async function runScheduledFixityAudit(db: DbOrTx, now = new Date()) {
  const [last] = await db
    .select({ at: auditEvents.occurredAt })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "fixity.audit_run"), sql`${auditEvents.data}->>'mode' = 'full'`))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  const ctx = { ...systemContext(db, "acta-fixity"), now: () => now };
  return runFixityAudit(ctx, { mode: fixityModeDue(last?.at ?? null, now) });
}
