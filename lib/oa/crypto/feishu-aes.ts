import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { fail, ok, type Result } from "@/lib/errors";

/**
 * Feishu/Lark "Encrypt Key" scheme: key = SHA-256(Encrypt Key), AES-256-CBC, PKCS#7 (16-byte
 * blocks), Base64(IV ‖ ciphertext) with a fresh IV per message.
 */
function feishuKey(encryptKey: string): Buffer {
  return createHash("sha256").update(encryptKey).digest();
}

export function feishuDecrypt(encryptKey: string, encrypted: string): Result<string> {
  const data = Buffer.from(encrypted, "base64");
  if (data.length < 32 || data.length % 16 !== 0) return fail("oa.decrypt_failed");
  const decipher = createDecipheriv("aes-256-cbc", feishuKey(encryptKey), data.subarray(0, 16));
  try {
    return ok(Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString("utf8"));
  } catch {
    // Node reports bad PKCS#7 padding by throwing; for a callback that is an expected failure.
    return fail("oa.decrypt_failed");
  }
}

/** The sender's side, as Feishu does it; Acta uses it to build callbacks in tests and docs. */
export function feishuEncrypt(encryptKey: string, plaintext: string, iv: Buffer): string {
  const cipher = createCipheriv("aes-256-cbc", feishuKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}
