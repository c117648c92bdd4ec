import { describe, expect, it } from "vitest";
import { checkWindow, headerValue, joinUrl, parseVendorJson, queryValue, safeEqual, toOaWallClock } from "./http-parts";

describe("http-parts", () => {
  it("looks headers up case-insensitively and query parameters by either spelling", () => {
    expect(headerValue({ "X-Lark-Signature": "s" }, "x-lark-signature")).toBe("s");
    expect(headerValue({}, "x")).toBeUndefined();
    expect(queryValue("/cb?timestamp=1&nonce=n", "timeStamp", "timestamp")).toBe("1");
  });

  it("accepts a timestamp within five minutes either way", () => {
    const now = new Date(1_000_000_000);
    expect(checkWindow(1_000_000_000 - 300_000, now).ok).toBe(true);
    expect(checkWindow(1_000_000_000 + 300_001, now)).toEqual({ ok: false, error: { code: "oa.expired" } });
  });

  it("compares in constant time only strings of equal length", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });

  it("joins base URLs and paths without doubled slashes", () => {
    expect(joinUrl("http://h/oa/", "/approvals", { a: "1 2" })).toBe("http://h/oa/approvals?a=1+2");
  });

  it("renders UTC instants as OA wall-clock text at the configured offset", () => {
    expect(toOaWallClock(new Date("2024-12-31T16:30:05Z"), 480)).toBe("2025-01-01 00:30:05");
  });

  it("treats a non-JSON success as bad_response and a non-JSON failure as a vendor error", () => {
    expect(parseVendorJson(200, "ok")).toEqual({ ok: false, error: { code: "oa.bad_response", params: { status: 200 } } });
    expect(parseVendorJson(502, "Bad Gateway")).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "http_502", vendorMessage: "Bad Gateway" } },
    });
  });
});
