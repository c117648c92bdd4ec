// What a search promises its callers, the browser's table included: plain numbers, no database code.

/** Exact counting stops here; beyond it the total is the planner's estimate, marked as such. */
export const COUNT_CAP = 1000;

/** An export is a catalogue someone prints or checks, not a copy of the archive: past this, narrow the filters. */
export const EXPORT_CAP = 10_000;

/** Deep pages cost an OFFSET walk; past this the user should narrow the filters instead. */
export const MAX_OFFSET = 10_000;
