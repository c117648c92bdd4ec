import type { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { storedFiles } from "@/db/schema";
import { getObjectStore } from "@/lib/storage";

/**
 * Puts bytes into the content-addressed store (SHA-256 and SM3 on the way) and returns the one
 * stored_files row for them: equal bytes, one row, however often they arrive.
 */
export async function storeFile(db: DbOrTx, source: Readable | Uint8Array, mediaType: string) {
  const stored = await getObjectStore().put(source);
  await db
    .insert(storedFiles)
    .values({ sha256: stored.sha256, sm3: stored.sm3, size: stored.size, mediaType, storageKey: stored.storageKey })
    .onConflictDoNothing({ target: storedFiles.sha256 });
  const [row] = await db.select().from(storedFiles).where(eq(storedFiles.sha256, stored.sha256));
  return row!;
}
