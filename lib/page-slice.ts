/**
 * The rows of `count` that a `?page=` asks for, `size` to a page, kept within the pages there are: a link
 * kept from before the list changed, or a hand-typed number, still lands on a page of the list.
 */
export function pageSlice(requested: string | undefined, count: number, size: number): { page: number; pages: number; from: number; to: number } {
  const pages = Math.max(1, Math.ceil(count / size));
  const asked = Number(requested);
  const page = requested && Number.isInteger(asked) ? Math.min(Math.max(asked, 1), pages) : 1;
  return { page, pages, from: (page - 1) * size, to: Math.min(page * size, count) };
}
