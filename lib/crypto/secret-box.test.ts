import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { maskSecret, openSecret, sealSecret } from "./secret-box";

const key = randomBytes(32);

describe("secret box", () => {
  it("round-trips and never repeats a ciphertext", () => {
    const a = sealSecret("acta-demo-oa-secret-0123456789abcdef", key);
    const b = sealSecret("acta-demo-oa-secret-0123456789abcdef", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("acta-demo");
    expect(openSecret(a, key)).toBe("acta-demo-oa-secret-0123456789abcdef");
  });

  it("refuses altered text and another key", () => {
    const sealed = sealSecret("秘密", key);
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(openSecret(`v1:${bytes.toString("base64url")}`, key)).toBeNull();
    expect(openSecret(sealed, randomBytes(32))).toBeNull();
    expect(openSecret("v0:abc", key)).toBeNull();
  });

  it("masks all but the last four characters", () => {
    expect(maskSecret("acta-demo-oa-secret")).toBe("••••••cret");
    expect(maskSecret("short")).toBe("••••••");
  });
});
