import type postgres from "postgres";
import { GENESIS_HASH, hashEntry } from "./append-audit";

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
      count: number;
      /**
       * The first entry that fails, and the last that verified before it (null when the first entry fails). Ids
       * have gaps (a rolled-back transaction uses one up), so only both say where to look: a link that does not
       * match means an entry between them was deleted or inserted, or the previous one rewritten with a new hash.
       */
      brokenAt: { id: number; reason: "prev_hash_mismatch" | "hash_mismatch"; previousId: number | null };
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
 * Walks the whole trail in id order with a cursor (memory stays flat on millions of entries) and
 * names the first entry whose link or content no longer matches its hash. The newest entries cut off
 * leave a chain as intact as before, only shorter (ADR 0003): `recordedHash`, a last hash noted
 * elsewhere earlier, must still be in it, which is what shows such a cut.
 */
export async function verifyAuditChain(sql: postgres.Sql, recordedHash?: string): Promise<ChainVerdict> {
  let recordedHashAt: number | null = null;
  let prev = GENESIS_HASH;
  let previousId: number | null = null;
  let count = 0;
  let broken: ChainVerdict | null = null;
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
      const reason =
        row.prev_hash !== prev ? "prev_hash_mismatch" : hashEntry(prev, fields) !== row.hash ? "hash_mismatch" : null;
      if (reason) {
        broken = { ok: false, count, brokenAt: { id: Number(row.id), reason, previousId } };
        return sql.CLOSE;
      }
      prev = row.hash;
      previousId = Number(row.id);
      if (row.hash === recordedHash) recordedHashAt = previousId;
      count++;
    }
    return undefined;
  });
  return broken ?? { ok: true, count, lastHash: prev, ...(recordedHash === undefined ? {} : { recordedHashAt }) };
}
