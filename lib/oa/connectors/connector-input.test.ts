import { describe, expect, it } from "vitest";
import { frameAncestors } from "../embed/embed-tokens";
import { originSchema } from "./connector-input";

describe("embedding origins", () => {
  it("accept a bare scheme://host[:port]", () => {
    for (const origin of ["https://oa.example.cn", "http://localhost:3300", "http://10.0.0.5:8080", "https://xn--fiqs8s.cn"]) {
      expect(originSchema.safeParse(origin).success).toBe(true);
    }
  });

  it("refuse wildcards and anything that would add a directive or a policy to frame-ancestors", () => {
    // Each of these is its own origin to the URL parser, and would go into the header verbatim
    // (an IPv6 literal is no CSP host-source at all: the browser would drop it).
    for (const origin of ["https://*", "https://*.example.cn", "https://oa.example.cn;sandbox", "https://oa.example.cn,script-src", "https://oa.example.cn'", "https://[::1]:8443"]) {
      expect({ origin, accepted: originSchema.safeParse(origin).success }).toEqual({ origin, accepted: false });
    }
    expect(frameAncestors(["https://oa.example.cn", "http://localhost:3300"])).toBe("frame-ancestors https://oa.example.cn http://localhost:3300");
  });

  it("leave out of the header an origin stored before the rule was strict", () => {
    expect(frameAncestors(["https://oa.example.cn", "https://*", "https://a.cn;sandbox", " https://b.cn"])).toBe("frame-ancestors https://oa.example.cn");
    expect(frameAncestors(["https://a.cn,script-src"])).toBe("frame-ancestors 'none'");
  });
});
