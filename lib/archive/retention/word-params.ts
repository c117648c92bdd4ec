import { isRetention } from "./resolve-retention";
import { RETENTION_SCHEDULES } from "./schedules";

type Params = Record<string, string | number>;

// The enterprise schedule names a type first; the public-sector one repeats some types under longer names.
const MATERIAL_NAMES = new Map<string, { zh: string; en: string }>();
for (const schedule of Object.values(RETENTION_SCHEDULES)) {
  for (const item of schedule.items) if (!MATERIAL_NAMES.has(item.materialType)) MATERIAL_NAMES.set(item.materialType, item.name);
}
const TERM_PARAMS = ["retention", "minimum"];
const MATERIAL_PARAMS = ["materialType", "similar"];

/**
 * Retention refusals and check findings carry codes (`Y10`, `source_document`) so that each reader gets
 * them in their own language; this words them for one reader: terms through the messages, material types
 * by the schedule's own names. Unknown values (a fonds' own material type) are shown as they are.
 */
export function wordRetentionParams<P extends Params | undefined>(params: P, locale: string, t: (key: string) => string): P {
  if (!params) return params;
  const worded: Params = { ...params };
  for (const key of TERM_PARAMS) {
    const value = worded[key];
    if (typeof value === "string" && isRetention(value)) worded[key] = t(`archive.retention.value.${value}`);
  }
  for (const key of MATERIAL_PARAMS) {
    const name = typeof worded[key] === "string" ? MATERIAL_NAMES.get(worded[key]) : undefined;
    if (name) worded[key] = locale === "en" ? name.en : name.zh;
  }
  return worded as P;
}
