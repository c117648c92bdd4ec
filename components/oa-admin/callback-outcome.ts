/**
 * What Acta did with one OA callback, as a message key: the log stores a short code ("recorded",
 * "refused:approval.already_decided", "ignored:type:ping") that is evidence for the vendor, not words
 * for the administrator. The log keeps no parameters of a refusal, so each refusal the callback path
 * gives (FINAL_REFUSALS in receive-oa-callback) has its own sentence; anything else names its code.
 */
const PLAIN = new Set(["recorded", "withdrawn", "revoked_in_oa", "duplicate", "handshake", "rejected", "replayed", "unknown_approval", "ended_in_acta"]);
const REFUSALS: Record<string, string> = {
  "approval.already_decided": "alreadyDecided",
  "approval.withdrawn": "alreadyWithdrawn",
  "auth.forbidden": "forbidden",
  "approval.decider_required": "deciderRequired",
};

export function callbackOutcome(outcome: string): { key: string; params?: Record<string, string> } {
  const words = (name: string, params?: Record<string, string>) => ({ key: `oa-ui.callbacks.outcomes.${name}`, ...(params && { params }) });
  if (PLAIN.has(outcome)) return words(outcome);
  const colon = outcome.indexOf(":");
  const kind = colon > 0 ? outcome.slice(0, colon) : "";
  const rest = outcome.slice(colon + 1);
  if (kind === "ignored") return words("ignored", { reason: rest });
  if (kind === "refused" && REFUSALS[rest]) return words(REFUSALS[rest]);
  if ((kind === "refused" || kind === "failed") && rest) return words(kind, { code: rest });
  return words("other", { outcome });
}
