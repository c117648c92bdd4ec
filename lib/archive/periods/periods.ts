/** Kinds of accounting period (the period_kind enum takes its values from here), in their order in a year's tree. */
export const PERIOD_KINDS = ["month", "quarter", "half", "year"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/**
 * How many periods of each kind a fiscal year has. A report's period counts within its kind (a Q3 report
 * has period 3, as a March voucher does); an annual one has none.
 */
export const PERIODS_PER_YEAR: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 0 };
