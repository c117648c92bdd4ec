import type postgres from "postgres";
import { GENESIS_HASH, hashEntry } from "./append-audit";

/** How many breaks a verdict lists one by one; the count covers them all. */
export const BREAKS_LISTED = 100;

/**
 * An entry that fails, and the entry before it in the trail (null for the very first). Ids have gaps (a
 * rolled-back transaction uses one up), so only both say where to look: a link that does not match means an
 * entry between them was deleted or inserted, or the previous one rewritten with a new hash.
 */
export interface ChainBreak {
  id: number;
  reason: "prev_hash_mismatch" | "hash_mismatch";
  previousId: number | null;
}

export type ChainVerdict =
  | {
      ok: true;
      count: number;
      lastHash: string;
      /** Asked for a hash recorded earlier: the entry that has it, or null when the chain no longer holds it. */
      recordedHashAt?: number | null;
    }
  | {
      ok: false;
      /** Entries verified before the first break. */
      count: number;
      brokenAt: ChainBreak;
      /** Every break in id order, the first included, up to BREAKS_LISTED. */
      breaks: ChainBreak[];
      breakCount: number;
    };

interface Row {
  id: string;
  occurred_at_iso: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_admin_role: string | null;
  fonds_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * Walks the whole trail in id order with a cursor (memory stays flat on millions of entries) and names
 * every entry whose link or content no longer matches its hash. It goes on past a break: a break stays in
 * the trail for good once it happened, and stopping there would leave every later entry unchecked for the
 * archive's remaining decades. The newest entries cut off leave a chain as intact as before, only shorter
 * (ADR 0003): `recordedHash`, a last hash noted elsewhere earlier, must still be in it, which shows such a cut.
 */
export async function verifyAuditChain(sql: postgres.Sql, recordedHash?: string): Promise<ChainVerdict> {
  let recordedHashAt: number | null = null;
  let prev = GENESIS_HASH;
  let previousId: number | null = null;
  let count = 0;
  let breakCount = 0;
  const breaks: ChainBreak[] = [];
  // JSON text of the timestamp: parsers differ between clients (Drizzle swaps postgres.js's date parser).
  await sql<Row[]>`select *, to_json(occurred_at) #>> '{}' as occurred_at_iso from audit_events order by id`.cursor(1000, (rows) => {
    for (const row of rows) {
      const fields = {
        occurredAt: new Date(row.occurred_at_iso).toISOString(),
        actorId: row.actor_id,
        actorName: row.actor_name,
        actorAdminRole: row.actor_admin_role,
        fondsId: row.fonds_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        data: row.data,
        ip: row.ip,
        userAgent: row.user_agent,
      };
      // Its content is held to its own stored link, so an entry after a break is checked as fully as any other.
      const reason =
        row.prev_hash !== prev ? "prev_hash_mismatch" : hashEntry(row.prev_hash, fields) !== row.hash ? "hash_mismatch" : null;
      const id = Number(row.id);
      if (reason) {
        breakCount++;
        if (breaks.length < BREAKS_LISTED) breaks.push({ id, reason, previousId });
      } else if (breakCount === 0) count++;
      if (row.hash === recordedHash) recordedHashAt = id;
      prev = row.hash;
      previousId = id;
    }
  });
  if (breakCount) return { ok: false, count, brokenAt: breaks[0]!, breaks, breakCount };
  return { ok: true, count, lastHash: prev, ...(recordedHash === undefined ? {} : { recordedHashAt }) };
}
