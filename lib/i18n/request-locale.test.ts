import { describe, expect, it, vi } from "vitest";
import { apiLocale, requestLocale } from "./request-locale";

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

describe("apiLocale", () => {
  it("words a browser's API errors in the language its pages speak, over Accept-Language", async () => {
    const browser = (cookie?: string) => new Headers({ "accept-language": "en-US,en;q=0.9", ...(cookie ? { cookie } : {}) });
    expect(await apiLocale(browser("authjs.session-token=x; NEXT_LOCALE=zh-CN"), { sessionAccount: saved("en") })).toBe("zh-CN");
    expect(await apiLocale(new Headers({ "accept-language": "zh-CN", cookie: "NEXT_LOCALE=en" }), {})).toBe("en");
    expect(await apiLocale(browser("authjs.session-token=x"), { sessionAccount: saved("zh-CN") })).toBe("zh-CN");
    // Nobody signed in and no choice made: what the browser asks for.
    expect(await apiLocale(browser(), { sessionAccount: saved(null) })).toBe("en");
  });

  it("words a keyed program's errors by Accept-Language, whatever cookie rides along", async () => {
    const sessionAccount = saved("zh-CN");
    const keyed = new Headers({ authorization: "Bearer k", "accept-language": "en", cookie: "NEXT_LOCALE=zh-CN" });
    expect(await apiLocale(keyed, { sessionAccount })).toBe("en");
    expect(await apiLocale(new Headers({ authorization: "Bearer k" }), { sessionAccount })).toBe("zh-CN");
    // An OA callback signs its body and sends no cookie: no session to look up.
    expect(await apiLocale(new Headers({ "accept-language": "en" }), { sessionAccount })).toBe("en");
    expect(sessionAccount).not.toHaveBeenCalled();
  });
});
