import { type SQL, asc } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { records } from "@/db/schema";

/**
 * Locks the record rows `where` selects, in the one order every path locking several records uses: by id.
 * An import updates a period's records while an archivist checks or submits it; each locking them in an
 * order of its own (source key, volume and item, check status) held one row the other wanted next, and
 * PostgreSQL killed one of them as a deadlock. Returns the ids locked, in that order. `no key update` is the
 * lock an UPDATE of non-key columns takes anyway; it lets rows referring to the records still be written.
 */
export async function lockRecords(tx: DbOrTx, where: SQL | undefined, strength: "update" | "no key update" = "update"): Promise<string[]> {
  const rows = await tx.select({ id: records.id }).from(records).where(where).orderBy(asc(records.id)).for(strength);
  return rows.map((r) => r.id);
}
