import { fail, ok, type Result } from "@/lib/errors";
import { RETENTIONS, type RecordCategory, type Retention, type RetentionSchedule, type ScheduleItem } from "./schedules";

/** A fonds' own choices on top of the legal schedule. */
export interface RetentionOverrides {
  /** Longer terms for listed material types (79号令 Art. 14: the schedule gives minimums). */
  retentions?: Readonly<Record<string, Retention>>;
  /** The "most similar item" (Art. 14) used for unlisted material, when the fonds prefers another one. */
  fallbackMaterialType?: Readonly<Partial<Record<RecordCategory, string>>>;
}

export interface ResolvedRetention {
  retention: Retention;
  /** The schedule item the term comes from (the fallback item for unlisted material). */
  item: ScheduleItem;
  source: "schedule" | "override" | "fallback";
}

const FIXED_YEARS: Record<Retention, number | null> = { permanent: null, after_disposal_5y: null, Y30: 30, Y10: 10, Y5: 5, Y2: 2 };

export function isRetention(value: string): value is Retention {
  return (RETENTIONS as readonly string[]).includes(value);
}

export function findScheduleItem(schedule: RetentionSchedule, materialType: string): ScheduleItem | undefined {
  return schedule.items.find((item) => item.materialType === materialType);
}

/**
 * Whether `candidate` keeps a record at least as long as `minimum`. A disposal-bound term and a fixed term
 * cannot be compared (an asset may be scrapped after two years or after forty), so only `permanent` may
 * replace a disposal-bound term, and a disposal-bound term never replaces a fixed one.
 */
export function keepsAtLeast(candidate: Retention, minimum: Retention): boolean {
  if (candidate === minimum || candidate === "permanent") return true;
  const c = FIXED_YEARS[candidate];
  const m = FIXED_YEARS[minimum];
  return c !== null && m !== null && c >= m;
}

/** Checks a fonds override against the legal minimum of a listed material type. */
export function validateOverride(schedule: RetentionSchedule, materialType: string, retention: Retention): Result<Retention> {
  const item = findScheduleItem(schedule, materialType);
  if (!item) return fail("archive.retention.unknown_material_type", { materialType });
  if (keepsAtLeast(retention, item.retention)) return ok(retention);
  const disposalBound = retention === "after_disposal_5y" || item.retention === "after_disposal_5y";
  return fail(disposalBound ? "archive.retention.incomparable_terms" : "archive.retention.shorter_than_legal_minimum", {
    materialType,
    retention,
    minimum: item.retention,
  });
}

/**
 * The retention of a material type under a schedule and a fonds' overrides. Unlisted material takes the term
 * of its category's fallback item (79号令 Art. 14), so `category` is needed only for unlisted types.
 */
export function resolveRetention(
  schedule: RetentionSchedule,
  overrides: RetentionOverrides,
  materialType: string,
  category?: RecordCategory,
): Result<ResolvedRetention> {
  const listed = findScheduleItem(schedule, materialType);
  if (listed) {
    const override = overrides.retentions?.[materialType];
    if (override === undefined) return ok({ retention: listed.retention, item: listed, source: "schedule" });
    // Overrides are validated when saved; checking again keeps a stale or hand-edited setting from shortening a term.
    const valid = validateOverride(schedule, materialType, override);
    return valid.ok ? ok({ retention: valid.value, item: listed, source: "override" }) : valid;
  }
  if (!category) return fail("archive.retention.unknown_material_type", { materialType });
  const fallbackType = overrides.fallbackMaterialType?.[category] ?? schedule.fallbackMaterialType[category];
  if (!findScheduleItem(schedule, fallbackType)) return fail("archive.retention.unknown_fallback", { materialType: fallbackType, category });
  const resolved = resolveRetention(schedule, overrides, fallbackType);
  return resolved.ok ? ok({ ...resolved.value, source: "fallback" }) : resolved;
}
