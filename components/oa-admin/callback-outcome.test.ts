import { describe, expect, it } from "vitest";
import { formatMessage } from "@/lib/i18n/load-messages";
import { callbackOutcome } from "./callback-outcome";

const words = (locale: "zh-CN" | "en", outcome: string) => {
  const w = callbackOutcome(outcome);
  return formatMessage(locale, w.key, w.params);
};

// Every outcome receiveOaCallback logs (lib/oa/callbacks/receive-oa-callback.ts).
const LOGGED = ["recorded", "withdrawn", "revoked_in_oa", "duplicate", "handshake", "rejected", "replayed", "unknown_approval", "ended_in_acta", "ignored:type:ping", "refused:approval.already_decided", "refused:approval.withdrawn", "refused:auth.forbidden", "refused:approval.decider_required", "failed:approval.unknown_kind", "failed:approval.not_approved"];

describe("callbackOutcome", () => {
  it.each(["zh-CN", "en"] as const)("words every logged outcome in %s, not as its code", (locale) => {
    for (const outcome of LOGGED) {
      const text = words(locale, outcome);
      expect(text, outcome).not.toMatch(/^oa-ui\./);
      expect(text, outcome).not.toBe(outcome);
      if (locale === "zh-CN") expect(text, outcome).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("keeps an ignored event's own name and a failure's code, for the OA's vendor", () => {
    expect(words("en", "ignored:type:ping")).toContain("type:ping");
    expect(words("zh-CN", "failed:approval.unknown_kind")).toContain("approval.unknown_kind");
  });

  it("shows an outcome it does not know as it was logged", () => {
    expect(words("en", "something_new")).toContain("something_new");
  });
});
