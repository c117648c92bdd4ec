import type { PeriodKind } from "@/lib/archive/periods/periods";

/**
 * The values of the message records-ui.periodLabel (3月, 第3季度, 上半年, 年度) for a record's or a tree
 * node's period. The kind decides the word: a Q3 report has period 3 as March's vouchers do.
 */
export const periodLabelValues = (periodKind: PeriodKind | null, period: number | null) => ({ kind: periodKind ?? "none", period: period ?? 0 });

/**
 * The search parameters that select exactly this period. A month needs only `period`, as links made before
 * periodKind existed say; quarters, halves and the year name their kind. Records without a kind (none
 * written by the importers) have no parameter of their own: an empty object.
 */
export function periodParams(periodKind: PeriodKind | null, period: number | null): { period?: number; periodKind?: PeriodKind } {
  if (periodKind === null) return {};
  if (periodKind === "month") return period === null ? { periodKind } : { period };
  return period === null ? { periodKind } : { periodKind, period };
}

/** Whether the URL's period and periodKind (as strings, possibly absent) select this period. */
export function selectsPeriod(selected: { period?: string; periodKind?: string }, periodKind: PeriodKind | null, period: number | null): boolean {
  const wanted = periodParams(periodKind, period);
  if (wanted.period === undefined && wanted.periodKind === undefined) return false;
  const selectedKind = selected.periodKind ?? (selected.period ? "month" : undefined);
  return (selected.period ?? "") === String(wanted.period ?? "") && selectedKind === (wanted.periodKind ?? "month");
}
