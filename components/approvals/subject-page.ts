/** Rows per page: a month of a large company is thousands of vouchers, too many for one page or an OA pane. */
export const SUBJECT_PAGE_SIZE = 100;

/**
 * The rows of `count` that a `?page=` asks for, kept within the pages there are: a link from before a
 * withdrawal and resubmission, or a hand-typed number, still lands on a page of the table.
 */
export function subjectPage(requested: string | undefined, count: number): { page: number; pages: number; from: number; to: number } {
  const pages = Math.max(1, Math.ceil(count / SUBJECT_PAGE_SIZE));
  const asked = Number(requested);
  const page = requested && Number.isInteger(asked) ? Math.min(Math.max(asked, 1), pages) : 1;
  return { page, pages, from: (page - 1) * SUBJECT_PAGE_SIZE, to: Math.min(page * SUBJECT_PAGE_SIZE, count) };
}
