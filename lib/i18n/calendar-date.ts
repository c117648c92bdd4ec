import { TIME_ZONE } from "./config";

const DAY = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * The calendar date (YYYY-MM-DD) the finance department reads at `instant`. Between 00:00 and 08:00 in
 * Beijing the UTC date is still yesterday, so "today" must never be taken from toISOString().
 */
export function calendarDate(instant: Date): string {
  return DAY.format(instant);
}
