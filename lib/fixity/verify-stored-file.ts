import type { ObjectStore } from "@/lib/storage";

export interface StoredFileFacts {
  storageKey: string;
  sha256: string;
  sm3: string;
  size: number;
}

/**
 * What the bytes under a file's key are now, held to every digest and the size taken at ingest (固化信息, DA/T 70
 * BC-1-1): the SM3 digest is relied on as much as the SHA-256. Bytes that cannot be read (a failing disk, a
 * folder restored over the file) are damaged evidence, not an error that stops whoever is checking.
 */
export async function verifyStoredFile(store: ObjectStore, file: StoredFileFacts): Promise<{ verdict: "ok" | "mismatch" | "missing"; actual: string | null }> {
  const now = await store.digest(file.storageKey).catch(() => "unreadable" as const);
  if (now === null) return { verdict: "missing", actual: null };
  if (now === "unreadable") return { verdict: "mismatch", actual: null };
  const intact = now.sha256 === file.sha256 && now.sm3 === file.sm3 && now.size === file.size;
  return { verdict: intact ? "ok" : "mismatch", actual: now.sha256 };
}
