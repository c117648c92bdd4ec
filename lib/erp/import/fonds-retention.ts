import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { fonds, fondsRetentionOverrides, retentionSchedules } from "@/db/schema";
import { isRetention, resolveRetention } from "@/lib/archive/retention/resolve-retention";
import { RETENTION_SCHEDULES, type RecordCategory, type Retention } from "@/lib/archive/retention/schedules";
import { type Result, fail, ok } from "@/lib/errors";

export type RetentionOf = (materialType: string, category: RecordCategory) => Result<Retention>;

/** The fonds' legal schedule with its own longer terms, as lib/archive resolves them (79号令 Art. 14). */
export async function fondsRetention(db: DbOrTx, fondsId: string): Promise<Result<RetentionOf>> {
  const [row] = await db
    .select({ schedule: retentionSchedules.code })
    .from(fonds)
    .innerJoin(retentionSchedules, eq(retentionSchedules.id, fonds.scheduleId))
    .where(eq(fonds.id, fondsId));
  const schedule = row ? RETENTION_SCHEDULES[row.schedule as keyof typeof RETENTION_SCHEDULES] : undefined;
  if (!schedule) return fail("import.fonds_not_found");
  const overrides = await db.select().from(fondsRetentionOverrides).where(eq(fondsRetentionOverrides.fondsId, fondsId));
  const retentions = Object.fromEntries(overrides.filter((o) => isRetention(o.retention)).map((o) => [o.materialType, o.retention]));
  return ok((materialType, category) => {
    const resolved = resolveRetention(schedule, { retentions }, materialType, category);
    return resolved.ok ? ok(resolved.value.retention) : resolved;
  });
}
