import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { archivalCodeRules, fonds, fondsRetentionOverrides, retentionSchedules } from "@/db/schema";
import { type CheckOptions, parseCheckOptions } from "@/lib/archive/checks/options";
import { type CodeTemplate, parseTemplate } from "@/lib/archive/codes/template";
import type { RetentionOverrides } from "@/lib/archive/retention/resolve-retention";
import { RETENTION_SCHEDULES, type RecordCategory, type Retention, type RetentionSchedule } from "@/lib/archive/retention/schedules";
import { type Result, fail, ok } from "@/lib/errors";

export const DEFAULT_VOLUME_SIZE = 50;

export interface FondsRules {
  id: string;
  code: string;
  name: string;
  schedule: RetentionSchedule;
  overrides: RetentionOverrides;
  codeTemplates: Partial<Record<RecordCategory, CodeTemplate>>;
  volumeSize: number;
  checkOptions: CheckOptions;
  /** lib/approvals/own-requests: whether a requester may decide their own request here. */
  ownRequestsDecidable: boolean;
}

/** Everything filing needs to know about a fonds: its schedule and overrides, code rules, volume size, checks. */
export async function loadFondsRules(db: DbOrTx, fondsId: string): Promise<Result<FondsRules>> {
  const [row] = await db
    .select({ id: fonds.id, code: fonds.code, name: fonds.name, settings: fonds.settings, scheduleCode: retentionSchedules.code })
    .from(fonds)
    .innerJoin(retentionSchedules, eq(retentionSchedules.id, fonds.scheduleId))
    .where(eq(fonds.id, fondsId));
  if (!row) return fail("fonds.not_found");
  const schedule = RETENTION_SCHEDULES[row.scheduleCode as keyof typeof RETENTION_SCHEDULES];
  if (!schedule) return fail("fonds.schedule_missing", { schedule: row.scheduleCode });
  const [overrideRows, ruleRows] = await Promise.all([
    db.select().from(fondsRetentionOverrides).where(eq(fondsRetentionOverrides.fondsId, fondsId)),
    db.select().from(archivalCodeRules).where(eq(archivalCodeRules.fondsId, fondsId)),
  ]);
  const codeTemplates: FondsRules["codeTemplates"] = {};
  for (const rule of ruleRows) {
    const parsed = parseTemplate(rule.template);
    // Rules are validated when saved; one that no longer parses leaves its category without a rule (1-7 says so).
    if (parsed.ok) codeTemplates[rule.category] = parsed.value;
  }
  const checkOptions = parseCheckOptions(row.settings.checks ?? {});
  return ok({
    id: row.id,
    code: row.code,
    name: row.name,
    schedule,
    overrides: { retentions: Object.fromEntries(overrideRows.map((o) => [o.materialType, o.retention as Retention])) },
    codeTemplates,
    volumeSize: row.settings.volumeSize ?? DEFAULT_VOLUME_SIZE,
    ownRequestsDecidable: row.settings.ownRequestsDecidable === true,
    checkOptions: checkOptions.ok ? checkOptions.value : parseCheckOptionsDefaults(),
  });
}

function parseCheckOptionsDefaults(): CheckOptions {
  const defaults = parseCheckOptions({});
  if (!defaults.ok) throw new Error("the default check options do not parse");
  return defaults.value;
}
