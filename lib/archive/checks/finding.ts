import type { CheckContext, Detail, Finding, Outcome } from "./types";

export function finding(outcome: Outcome, code: Detail["code"], params?: Detail["params"]): Finding {
  return { outcome, detail: params ? { code, params } : { code } };
}

/**
 * Items software cannot decide take the result a person recorded; until then they are not performed,
 * never passed (DA/T 70 4.3: every item's result is recorded, manual ones included).
 */
export function manualFinding(ctx: CheckContext, code: string, recordId: string | null): Finding {
  const recorded = ctx.manualResults.find((m) => m.code === code && m.recordId === recordId);
  return recorded ? finding(recorded.outcome, "archive.check.manual_recorded", { by: recorded.by, at: recorded.at }) : finding("not_performed", "archive.check.awaiting_manual");
}

/** File or field names as a list parameter; names are identifiers, not prose. */
export function list(names: readonly string[]): string {
  return names.join(", ");
}
