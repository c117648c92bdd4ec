import { z } from "zod";
import { invalid, ok, type Result } from "@/lib/errors";
import { RETENTIONS, type Retention } from "./schedules";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a calendar date strictly: "2023-02-29" is rejected rather than rolled over to March. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The same date `years` later; 29 February falls back to 28 February in a common year. */
function addYears(date: { year: number; month: number; day: number }, years: number): number {
  const year = date.year + years;
  return Date.UTC(year, date.month - 1, Math.min(date.day, daysInMonth(year, date.month)));
}

const FIXED_TERM_YEARS: Record<Exclude<Retention, "permanent" | "after_disposal_5y">, number> = { Y30: 30, Y10: 10, Y5: 5, Y2: 2 };

const IsoDate = z.string().transform((text, ctx) => {
  const date = parseIsoDate(text);
  if (!date) ctx.addIssue({ code: "custom", message: "invalid_date" });
  return date ?? z.NEVER;
});

const ComputeExpiryInput = z.object({
  retention: z.enum(RETENTIONS),
  fiscalYear: z.number().int().min(1900).max(9999),
  disposalDate: IsoDate.nullish(),
});

export type ComputeExpiryInput = z.input<typeof ComputeExpiryInput>;

export interface Expiry {
  /** Last day the record must still be kept; null while it never expires or cannot be dated yet. */
  expiresOn: string | null;
  reason?: "archive.retention.permanent" | "archive.retention.awaiting_disposal";
}

/** The last day of the legal retention term of one record. */
export function computeExpiry(raw: ComputeExpiryInput): Result<Expiry> {
  const parsed = ComputeExpiryInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { retention, fiscalYear, disposalDate } = parsed.data;
  if (retention === "permanent") return ok({ expiresOn: null, reason: "archive.retention.permanent" });
  if (retention === "after_disposal_5y") {
    // DA/T 94 Table B.1 item 6: kept 5 more years after the asset is scrapped or cleared.
    if (!disposalDate) return ok({ expiresOn: null, reason: "archive.retention.awaiting_disposal" });
    return ok({ expiresOn: formatDate(new Date(addYears(disposalDate, 5))) });
  }
  const years = FIXED_TERM_YEARS[retention];
  // 79号令 Art. 15: counting starts the day after the fiscal year ends, and the fiscal year is the calendar
  // year (会计基础工作规范 Art. 39), so the term starts on 1 January of FY+1.
  return ok({ expiresOn: formatDate(new Date(addYears({ year: fiscalYear + 1, month: 1, day: 1 }, years) - 86_400_000)) });
}

/**
 * Rank used to pick a volume's retention (DA/T 104 7.6.3: the longest term inside). `after_disposal_5y` ranks
 * just below `permanent`: its end is unknown and unbounded until the asset is disposed of (an asset may be in
 * use for decades), so no fixed term can be assumed to outlast it.
 */
const RANK: Record<Retention, number> = { permanent: 6, after_disposal_5y: 5, Y30: 4, Y10: 3, Y5: 2, Y2: 1 };

/** The longest retention of a list, or null for an empty list. */
export function longestRetention(list: readonly Retention[]): Retention | null {
  let longest: Retention | null = null;
  for (const retention of list) {
    if (longest === null || RANK[retention] > RANK[longest]) longest = retention;
  }
  return longest;
}
