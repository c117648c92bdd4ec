// What a search promises its callers, the browser's table included: plain numbers, no database code.

/** Exact counting stops here; beyond it the total is the planner's estimate, marked as such. */
export const COUNT_CAP = 1000;

/**
 * A node of the browse tree (a fonds, a year, a month…) with nothing else to match is counted exactly up to
 * here, from the index of its coordinates: a year of 76,920 vouchers in 20 ms, a month in 2–4 ms, the cap
 * in 17–26 ms (bench:search database, 2 cores). Past it, the planner's estimate, which plain equalities
 * keep close; counting a whole fonds of 384,600 took 60–70 ms.
 */
export const NODE_COUNT_CAP = 100_000;

/**
 * An export is a catalogue someone prints or checks, not a copy of the archive: a year of a large fonds'
 * vouchers fits (100,000 in 6.7 s and 5.5 MiB, read through a cursor into a streaming sheet, peak RSS flat);
 * past this, narrow the filters.
 */
export const EXPORT_CAP = 200_000;

/** Deep pages cost an OFFSET walk; past this the user should narrow the filters instead. */
export const MAX_OFFSET = 10_000;
