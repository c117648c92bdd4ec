import type { RandomBytes } from "../types";

/** Deterministic "randomness" so encrypted replies are reproducible. */
export const fixedRandom: RandomBytes = (size) => Buffer.alloc(size, 7);

/**
 * Flips the last byte of the second-to-last AES block: in CBC that flips the final plaintext byte,
 * the PKCS#7 pad length, turning it into a value above 32 that no valid message can carry.
 */
export function tamperPadding(base64: string): string {
  const bytes = Buffer.from(base64, "base64");
  const index = bytes.length - 17;
  bytes[index] = (bytes[index] ?? 0) ^ 0x40;
  return bytes.toString("base64");
}
