import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { retentionScheduleItems, retentionSchedules } from "@/db/schema";
import { RETENTION_SCHEDULES } from "@/lib/archive/retention/schedules";

const NAMES = {
  enterprise: { zh: "企业和其他组织会计档案保管期限表", en: "Retention schedule for enterprises and other organisations" },
  public_sector: { zh: "财政总预算、行政单位、事业单位和税收会计档案保管期限表", en: "Retention schedule for the public sector" },
} as const;

/**
 * The legal retention schedules (79号令 附表1/附表2) belong in every database, demo or not. Re-running
 * is harmless: rows are upserted from lib/archive's data, so a corrected table reaches old databases.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const schedule of Object.values(RETENTION_SCHEDULES)) {
      const names = NAMES[schedule.id];
      const [row] = await tx
        .insert(retentionSchedules)
        .values({ code: schedule.id, nameZh: names.zh, nameEn: names.en, isLegal: true })
        .onConflictDoUpdate({ target: retentionSchedules.code, set: { nameZh: names.zh, nameEn: names.en } })
        .returning({ id: retentionSchedules.id });
      const scheduleId = row!.id;
      await tx
        .insert(retentionScheduleItems)
        .values(
          schedule.items.map((item, i) => ({
            scheduleId,
            seq: i + 1,
            materialType: item.materialType,
            category: item.category,
            nameZh: item.name.zh,
            nameEn: item.name.en,
            retention: item.retention,
          })),
        )
        .onConflictDoUpdate({
          target: [retentionScheduleItems.scheduleId, retentionScheduleItems.materialType],
          set: {
            seq: sql`excluded.seq`,
            category: sql`excluded.category`,
            nameZh: sql`excluded.name_zh`,
            nameEn: sql`excluded.name_en`,
            retention: sql`excluded.retention`,
          },
        });
    }
  });
}
