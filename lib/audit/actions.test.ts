import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/config";
import { type Messages, loadMessages } from "@/lib/i18n/load-messages";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "./actions";

const auditWords = (locale: (typeof LOCALES)[number]) => ((loadMessages(locale).admin as Messages).audit as Messages) as { actions: Record<string, Record<string, string>>; targets: Record<string, string> };

describe("audit actions and targets", () => {
  it.each(LOCALES)("are each worded in %s, and no word is kept for an action the code never records", (locale) => {
    const { actions, targets } = auditWords(locale);
    const worded = Object.entries(actions).flatMap(([area, verbs]) => Object.keys(verbs).map((verb) => `${area}.${verb}`));
    expect(AUDIT_ACTIONS.filter((a) => !worded.includes(a))).toEqual([]);
    expect(worded.filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    expect(AUDIT_TARGET_TYPES.filter((t) => !targets[t])).toEqual([]);
    expect(Object.keys(targets).filter((t) => !(AUDIT_TARGET_TYPES as readonly string[]).includes(t))).toEqual([]);
  });
});
