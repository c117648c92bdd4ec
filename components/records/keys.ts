/** TanStack Query keys of the records area: one object, so invalidation never misses a spelling. */
export const recordsKeys = {
  all: ["records"] as const,
  search: (query: string) => ["records", "search", query] as const,
};
