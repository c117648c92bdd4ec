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

  it("falls back to Chinese, then to the key, and leaves unknown placeholders visible", () => {
    expect(formatMessage("en", "no.such.key")).toBe("no.such.key");
    expect(formatMessage("en", "auth.locked")).toContain("{minutes}");
  });
});
