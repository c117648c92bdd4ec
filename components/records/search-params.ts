/** The URL parameters of the browse page; the same names as GET /api/records, so a view is one link. */
export const FILTER_KEYS = [
  "q",
  "fondsId",
  "fiscalYear",
  "period",
  "periodKind",
  "category",
  "state",
  "volumeId",
  "account",
  "amountMin",
  "amountMax",
  "dateFrom",
  "dateTo",
  "expiresFrom",
  "expiresTo",
  "checkStatus",
] as const;
export const PAGING_KEYS = ["page", "pageSize", "sort"] as const;

export type FilterKey = (typeof FILTER_KEYS)[number];

/** The API query for these URL parameters: known keys only, empty values dropped, in a stable order. */
export function apiQuery(params: URLSearchParams | Record<string, string | string[] | undefined>, defaultFondsId: string | null): string {
  const get = (key: string) => {
    const v = params instanceof URLSearchParams ? params.get(key) : params[key];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  const out = new URLSearchParams();
  for (const key of [...FILTER_KEYS, ...PAGING_KEYS]) {
    const value = get(key).trim();
    if (value) out.set(key, value);
  }
  if (!out.has("fondsId") && defaultFondsId) out.set("fondsId", defaultFondsId);
  out.sort();
  return out.toString();
}

/**
 * The filter form's one period select (3月 … 第3季度 … 上半年 … 年度) as the value of its option: a month is
 * its number, as the `period` parameter alone means a month; other kinds carry theirs (quarter:3, year).
 */
export function periodChoice(period: string | null | undefined, periodKind: string | null | undefined): string {
  if (!periodKind || periodKind === "month") return period ?? "";
  return period ? `${periodKind}:${period}` : periodKind;
}

/** The `period` and `periodKind` parameters of a period select's value; null clears one. */
export function fromPeriodChoice(value: string): { period: string | null; periodKind: string | null } {
  const [kind, period] = value.includes(":") || !/^\d*$/.test(value) ? value.split(":") : [null, value];
  return { period: period || null, periodKind: kind || null };
}
