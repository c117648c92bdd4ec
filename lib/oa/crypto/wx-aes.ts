import { createDecipheriv } from "node:crypto";
import { encrypt, getSignature } from "@wecom/crypto";
import { fail, ok, type Result } from "@/lib/errors";
import type { RandomBytes } from "../types";

/**
 * The WXBizMsgCrypt layout shared by WeCom and DingTalk: key = Base64(EncodingAESKey + "="),
 * AES-256-CBC with IV = key[0..16], PKCS#7 over 32-byte blocks, plaintext =
 * 16 random bytes ‖ 4-byte big-endian length ‖ message ‖ receiver id (CorpID / DingTalk owner key).
 * Signing and encryption come from WeCom's own `@wecom/crypto`; decryption is done here because
 * that package accepts invalid padding and truncated lengths silently, which would let a tampered
 * ciphertext surface as a wrong receiver instead of a decryption failure.
 */

const BLOCK = 32;

/** Hex SHA-1 of token, timestamp, nonce and ciphertext, sorted and joined (WXBizMsgCrypt). */
export function wxSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

export function wxEncrypt(encodingAesKey: string, message: string, receiverId: string, randomBytes: RandomBytes): string {
  return encrypt(encodingAesKey, message, receiverId, randomBytes(16));
}

export function wxDecrypt(
  encodingAesKey: string,
  encrypted: string,
): Result<{ message: string; receiverId: string }> {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  const data = Buffer.from(encrypted, "base64");
  if (key.length !== 32 || data.length === 0 || data.length % 16 !== 0) return fail("oa.decrypt_failed");
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length) return fail("oa.decrypt_failed");
  if (!plain.subarray(plain.length - pad).every((byte) => byte === pad)) return fail("oa.decrypt_failed");
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) return fail("oa.decrypt_failed");
  const length = content.readUInt32BE(16);
  if (20 + length > content.length) return fail("oa.decrypt_failed");
  return ok({
    message: content.subarray(20, 20 + length).toString("utf8"),
    receiverId: content.subarray(20 + length).toString("utf8"),
  });
}
