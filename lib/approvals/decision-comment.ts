/** The longest comment a decision keeps, in UTF-16 code units (what zod's max counts). */
export const DECISION_COMMENT_MAX = 2000;

/** Text PostgreSQL can store: no NUL (the same holds for every text a decision keeps). */
export const NO_NUL = /^[^\u0000]*$/;

/**
 * A comment typed in a vendor OA, which sets no such limit: cut to what a decision keeps, marked with
 * an ellipsis, and any NUL (which PostgreSQL text cannot hold) shown as ␀, rather than refusing the
 * decision on every retry. The full text stays in the OA.
 */
export function clipDecisionComment(typed: string): string {
  const comment = typed.replaceAll("\u0000", "\u2400");
  if (comment.length <= DECISION_COMMENT_MAX) return comment;
  let cut = comment.slice(0, DECISION_COMMENT_MAX - 1);
  // Never leave half of a surrogate pair (an emoji) at the cut.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
