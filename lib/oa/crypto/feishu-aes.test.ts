import { describe, expect, it } from "vitest";
import { tamperPadding } from "../__fixtures__/test-kit";
import { feishuDecrypt, feishuEncrypt } from "./feishu-aes";

describe("feishu-aes", () => {
  it("reproduces Feishu's documented vector", () => {
    expect(feishuDecrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")).toEqual({ ok: true, value: "hello world" });
  });

  it("round-trips with the IV carried in front of the ciphertext", () => {
    const iv = Buffer.alloc(16, 3);
    const encrypted = feishuEncrypt("encrypt-key", '{"type":"审批"}', iv);
    expect(Buffer.from(encrypted, "base64").subarray(0, 16)).toEqual(iv);
    expect(feishuDecrypt("encrypt-key", encrypted)).toEqual({ ok: true, value: '{"type":"审批"}' });
  });

  it("reports a wrong key, tampering or truncation as oa.decrypt_failed", () => {
    const failed = { ok: false, error: { code: "oa.decrypt_failed" } };
    const vector = "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=";
    expect(feishuDecrypt("test key", tamperPadding(vector))).toEqual(failed);
    expect(feishuDecrypt("test key", vector.slice(0, 12))).toEqual(failed);
    // A wrong key leaves garbage whose padding almost never validates; this vector's does not.
    expect(feishuDecrypt("other key", vector)).toEqual(failed);
  });
});
