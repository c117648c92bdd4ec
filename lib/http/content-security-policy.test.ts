import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "./content-security-policy";

const directives = (policy: string) => new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("contentSecurityPolicy", () => {
  it("lets only scripts carrying this response's nonce run: an injected <script> or inline handler has none", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123", frameAncestors: "frame-ancestors 'none'" }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
  });

  it("keeps the frame-ancestors it is given: 'none' for Acta's pages, the launching OA's origins for /embed pages", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", frameAncestors: "frame-ancestors 'none'" })).get("frame-ancestors")).toEqual(["'none'"]);
    expect(directives(contentSecurityPolicy({ nonce: "n", frameAncestors: "frame-ancestors https://oa.example.com" })).get("frame-ancestors")).toEqual(["https://oa.example.com"]);
  });

  it("lets a form lead only to Acta, and to the identity provider when SSO is configured (Chromium checks a form's redirects too)", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", frameAncestors: "frame-ancestors 'none'", formTargets: ["https://idp.example.com"] })).get("form-action")).toEqual(["'self'", "https://idp.example.com"]);
  });

  it("allows eval only to the development server, whose fast refresh needs it", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", frameAncestors: "frame-ancestors 'none'", development: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("allows the pdf.js worker, canvases' blob images and data: icons, but no other origin", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "n", frameAncestors: "frame-ancestors 'none'" }));
    expect(policy.get("worker-src")).toEqual(["'self'", "blob:"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
  });
});

describe("newNonce", () => {
  it("is fresh per response and base64 of 16 random bytes", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });
});
