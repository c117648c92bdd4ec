import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./config";
import { type Messages, formatMessage, loadMessages } from "./load-messages";

function keysOf(messages: Messages, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === "object" && !Array.isArray(v) ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

const ALL_ONE = new Proxy({}, { get: () => 1, has: () => true });
// Their number names one thing ("Volume {volumeId} holds records"), not how many.
const NOT_COUNTS = new Set(["filing.volume_inconsistent"]);

function textsOf(locale: (typeof LOCALES)[number]) {
  const messages = loadMessages(locale);
  return keysOf(messages).flatMap((key) => {
    const node = key.split(".").reduce<unknown>((m, k) => (m as Messages)[k], messages);
    return typeof node === "string" ? [[key, node] as const] : [];
  });
}

describe("messages", () => {
  it("files each area under its name and keeps lists as lists", () => {
    const zh = loadMessages("zh-CN");
    expect(formatMessage("zh-CN", "auth.locked", { minutes: 15 })).toContain("15 分钟");
    expect(Array.isArray((zh.auth as Messages).login && ((zh.auth as Messages).login as Messages).features)).toBe(true);
  });

  it("has every key in both languages", () => {
    const [zh, en] = LOCALES.map((l) => new Set(keysOf(loadMessages(l))));
    const missingInEn = [...zh!].filter((k) => !en!.has(k));
    const missingInZh = [...en!].filter((k) => !zh!.has(k));
    expect({ missingInEn, missingInZh }).toEqual({ missingInEn: [], missingInZh: [] });
  });

  it("renders ICU plurals and numbers outside React as next-intl does inside it", () => {
    expect(formatMessage("en", "archive.check.attachments_missing", { declared: 1, linked: 2 })).toBe(
      "The voucher declares 1 attachment; 2 source documents are linked",
    );
    expect(formatMessage("en", "archive.check.attachments_missing", { declared: 3, linked: 1 })).toBe(
      "The voucher declares 3 attachments; 1 source document is linked",
    );
    expect(formatMessage("zh-CN", "archive.check.attachments_missing", { declared: 3, linked: 1 })).toBe("凭证著录附件 3 张，已关联原始凭证 1 张");
  });

  it("holds only messages the ICU engine can read and render", () => {
    // Every argument is there (as 1), so what fails is the text itself: a stray `<` reads as a tag, a `{` as an argument.
    for (const locale of LOCALES) {
      const unreadable = textsOf(locale).filter(([, text]) => {
        try {
          new IntlMessageFormat(text, locale).format(ALL_ONE);
          return false;
        } catch {
          return true;
        }
      });
      expect(unreadable).toEqual([]);
    }
  });

  it("says one of a thing in the English singular", () => {
    // Every number as 1: "1 files are missing" or "the 1 entries before it" needs a plural form in the message.
    const plural = /\b1 (?:[\w-]+ ){0,2}?(?:records|files|entries|keys|rows|elements|values|notifications|requests|items|volumes|problems|results|documents|vouchers|lines|are|were|have)\b/;
    const wrong = textsOf("en").flatMap(([key, text]) => {
      if (NOT_COUNTS.has(key)) return [];
      const said = String(new IntlMessageFormat(text, "en").format(ALL_ONE));
      return plural.test(said) ? [`${key}: ${said}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it("falls back to Chinese, then to the key, and leaves unknown placeholders visible", () => {
    expect(formatMessage("en", "no.such.key")).toBe("no.such.key");
    expect(formatMessage("en", "auth.locked")).toContain("{minutes}");
  });
});
