import { describe, expect, it, vi } from "vitest";
import { requestLocale } from "./request-locale";

const saved = (locale: string | null) => vi.fn(async () => locale);

describe("requestLocale", () => {
  it("takes this browser's choice first, without reading any account", async () => {
    const embedAccount = saved("en");
    const sessionAccount = saved("en");
    expect(await requestLocale({ cookie: "zh-CN", embedAccount, sessionAccount })).toBe("zh-CN");
    expect(embedAccount).not.toHaveBeenCalled();
    expect(sessionAccount).not.toHaveBeenCalled();
  });

  it("on an embedded page without the cookie, speaks the mapped user's saved language", async () => {
    expect(await requestLocale({ cookie: undefined, embedAccount: saved("en"), sessionAccount: saved(null) })).toBe("en");
    expect(await requestLocale({ cookie: undefined, embedAccount: saved("en"), sessionAccount: saved("zh-CN") })).toBe("en");
  });

  it("falls back to the signed-in account, then Chinese; a cookie or account value that is no language is ignored", async () => {
    expect(await requestLocale({ cookie: "fr", embedAccount: saved(null), sessionAccount: saved("en") })).toBe("en");
    expect(await requestLocale({ cookie: undefined, embedAccount: saved("xx"), sessionAccount: saved(null) })).toBe("zh-CN");
    expect(await requestLocale({ cookie: undefined })).toBe("zh-CN");
    expect(await requestLocale({ cookie: undefined, sessionAccount: saved(null), fallback: "en" })).toBe("en");
  });
});
