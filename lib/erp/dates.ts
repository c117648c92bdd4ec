import { fail, ok, type Result } from "@/lib/errors";
import { calendarDate } from "@/lib/i18n/calendar-date";

/** Date layouts seen in ERP exports; "excel" is the 1900 date system serial number. */
export const DATE_FORMATS = ["YYYY-MM-DD", "YYYY/MM/DD", "DD.MM.YYYY", "YYYYMMDD", "excel"] as const;
/**
 * Month first, with slashes or dashes: SAP's user date formats 2 and 3. Only for sources where it cannot be
 * day first (SAP offers no DD/MM/YYYY), so it is not among the defaults.
 */
export type DateFormat = (typeof DATE_FORMATS)[number] | "MM/DD/YYYY";

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && iso(Number(m[1]), Number(m[2]), Number(m[3])) === text;
}

/**
 * Excel's 1900 date system counts 1900-01-01 as 1 and keeps the fictitious 1900-02-29 (serial 60),
 * so serials from 61 on are one day ahead of a plain day count from 1899-12-31.
 */
export function excelSerialToIsoDate(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 61 || serial > 2958465) return null;
  const ms = Date.UTC(1899, 11, 30) + serial * 86_400_000;
  const d = new Date(ms);
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const PATTERNS: Record<Exclude<DateFormat, "excel">, RegExp> = {
  // Also "2024.03.15", as Chinese clerks and KIS print dates: a four-digit year first is never ambiguous.
  "YYYY-MM-DD": /^(?<y>\d{4})(?<sep>[-.])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?<zone>Z|[+-]\d{2}:?\d{2})?)?$/,
  "YYYY/MM/DD": /^(?<y>\d{4})\/(?<m>\d{1,2})\/(?<d>\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/,
  "DD.MM.YYYY": /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})$/,
  YYYYMMDD: /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
  "MM/DD/YYYY": /^(?<m>\d{1,2})(?<sep>[/-])(?<d>\d{1,2})\k<sep>(?<y>\d{4})$/,
};

/** An instant with its zone (API exports send UTC, "…T16:30:00Z"): the voucher's day is the day it was in Beijing. */
function zonedDay(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2})(:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (!m) return null;
  const zone = m[4] === "Z" ? "Z" : `${m[4]!.slice(0, 3)}:${m[4]!.slice(-2)}`;
  const instant = new Date(`${m[1]}T${m[2]!.padStart(2, "0")}${m[3]}${zone}`);
  return Number.isNaN(instant.getTime()) ? null : calendarDate(instant);
}

/**
 * Turns a date cell into YYYY-MM-DD, trying the given layouts in order. A time part (ERP list exports
 * print "2024-03-15 00:00:00") is dropped: vouchers are dated by day. A time with a zone is an instant, read
 * as the calendar day in Asia/Shanghai; an Excel serial's fraction is the time of day and is dropped.
 */
export function parseDateText(text: string, formats: readonly DateFormat[] = DATE_FORMATS): Result<string> {
  const s = text.trim().replace(/年|月/g, "-").replace(/日(?=\s|$)/, "");
  if (s === "") return fail("erp.date_missing");
  for (const format of formats) {
    if (format === "excel") {
      // Five digits are 1927-05-18 to 2173: fewer would read a bare year (2024) as 1905, more a 年月 as 2454.
      if (/^\d{5}(\.\d+)?$/.test(s)) {
        const date = excelSerialToIsoDate(Math.floor(Number(s)));
        if (date) return ok(date);
      }
      continue;
    }
    const g = PATTERNS[format].exec(s)?.groups;
    if (g) {
      const date = iso(Number(g.y), Number(g.m), Number(g.d));
      if (date && g.zone) {
        const day = zonedDay(`${date}${s.slice(s.search(/[ T]/))}`);
        if (day) return ok(day);
      } else if (date) return ok(date);
    }
  }
  return fail("erp.date_invalid", { value: text });
}
