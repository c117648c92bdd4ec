/** The URL parameters of the browse page; the same names as GET /api/records, so a view is one link. */
export const FILTER_KEYS = [
  "q",
  "fondsId",
  "fiscalYear",
  "period",
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
