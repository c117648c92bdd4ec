import { z } from "zod";

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

const DECISION_SOURCES = ["ui", "api", "oa"] as const;

/** A decision's comment or a withdrawal's reason: optional, trimmed, and kept as null when blank. */
export const OptionalNote = z
  .string()
  .trim()
  .max(DECISION_COMMENT_MAX)
  .regex(NO_NUL)
  .optional()
  .transform((c) => (c ? c : null));

/** Who acts on a request and through what: Acta itself, or an OA connector on behalf of one of its users. */
export const ActingFrom = {
  source: z.enum(DECISION_SOURCES),
  /** The OA's user id; required when the OA acts and no Acta user is mapped to it. */
  oaUserId: z.string().trim().min(1).max(200).regex(NO_NUL).optional(),
  /** The OA's event or callback id; a replay of the same event is a no-op. */
  externalEventId: z.string().trim().min(1).max(200).regex(NO_NUL).optional(),
  /** Only a request of this fonds may be acted on: an OA connector acts within its own fonds. */
  fondsId: z.uuid().optional(),
  /**
   * The connector whose own callback this is (source oa): its OA ended the instance with the same act, so
   * it is not asked to end it again (ADR 0021).
   */
  connectorId: z.uuid().optional(),
};

/** The connector an OA acted through; only an OA's own callback names one, whatever else a caller passes. */
export function oaConnectorOf(acting: { source: (typeof DECISION_SOURCES)[number]; connectorId?: string | undefined }): string | undefined {
  return acting.source === "oa" ? acting.connectorId : undefined;
}
