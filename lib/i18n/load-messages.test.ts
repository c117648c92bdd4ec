import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./config";
import { type Messages, formatMessage, loadMessages } from "./load-messages";

function keysOf(messages: Messages, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === "object" && !Array.isArray(v) ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
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
    const anyValues = new Proxy({}, { get: () => 1, has: () => true });
    for (const locale of LOCALES) {
      const messages = loadMessages(locale);
      const texts = keysOf(messages).flatMap((key) => {
        const node = key.split(".").reduce<unknown>((m, k) => (m as Messages)[k], messages);
        return typeof node === "string" ? [[key, node] as const] : [];
      });
      const unreadable = texts.filter(([, text]) => {
        try {
          new IntlMessageFormat(text, locale).format(anyValues);
          return false;
        } catch {
          return true;
        }
      });
      expect(unreadable).toEqual([]);
    }
  });

  it("falls back to Chinese, then to the key, and leaves unknown placeholders visible", () => {
    expect(formatMessage("en", "no.such.key")).toBe("no.such.key");
    expect(formatMessage("en", "auth.locked")).toContain("{minutes}");
  });
});
