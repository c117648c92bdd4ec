import { hkdfSync } from "node:crypto";
import { ensureAuthSecret } from "@/lib/auth/auth-secret";

/**
 * A 32-byte key for one purpose, derived with HKDF-SHA256 so that one leaked purpose key reveals
 * nothing about the others. `ACTA_SECRET_KEY` is the root when set; otherwise AUTH_SECRET (which the
 * demo generates under ACTA_DATA_DIR), so a fresh install needs no extra secret.
 */
export function deriveKey(purpose: string): Buffer {
  const root = process.env.ACTA_SECRET_KEY || ensureAuthSecret();
  const id = `${root}\u0000${purpose}`;
  let key = cache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", root, "acta", purpose, 32));
    cache.set(id, key);
  }
  return key;
}

// Every callback opens its connector's secrets: derive each key once per process.
const cache = new Map<string, Buffer>();
