import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveKey } from "./derive-key";

const VERSION = "v1";
const PURPOSE = "acta/secret-box/v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Connector secrets at rest (architecture: "connector secrets encrypted at rest"): AES-256-GCM with a
 * fresh 96-bit IV per value, so equal secrets never look equal and any change to the stored text is
 * detected by the tag. Format: `v1:<base64url(iv ‖ tag ‖ ciphertext)>`.
 */
export function sealSecret(plaintext: string, key: Buffer = deriveKey(PURPOSE)): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** Null when the value was altered or sealed under another key (ACTA_SECRET_KEY changed). */
export function openSecret(sealed: string, key: Buffer = deriveKey(PURPOSE)): string | null {
  const [version, payload] = sealed.split(":", 2);
  if (version !== VERSION || !payload) return null;
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** What an administrator may see of a secret: its length class and last characters, never enough to use it. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? "••••••" : `••••••${secret.slice(-4)}`;
}
