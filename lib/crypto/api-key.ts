import { createHash, randomBytes } from "node:crypto";

/**
 * Machine callers (ERP and OA servers) authenticate with a high-entropy random key shown once; only
 * its SHA-256 is stored (architecture: secrets), so a copy of the database opens nothing. A fast hash
 * suffices because the key has 256 bits of entropy: there is nothing to guess.
 */
export function generateApiKey(prefix: string): { key: string; hash: string; displayPrefix: string } {
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, hash: hashApiKey(key), displayPrefix: key.slice(0, prefix.length + 5) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The key from `Authorization: Bearer <key>`, or null. */
export function bearerKey(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}
