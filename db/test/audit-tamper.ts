import type postgres from "postgres";
import { GENESIS_HASH, hashEntry } from "@/lib/audit/append-audit";
import { type AuditRow, hashedFields } from "@/lib/audit/verify-chain";

/** session_replication_role = replica skips the append-only triggers: what someone who owns the database can do. */
export const asOwner = (pg: postgres.Sql, work: (tx: postgres.TransactionSql) => Promise<unknown>) =>
  pg.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await work(tx);
  });

/**
 * The attack audit anchors exist for (ADR 0018): change one entry's data, then recompute its hash and every
 * later one, so each link holds again. Returns what puts the trail back as it was.
 */
export async function rewriteHistory(pg: postgres.Sql, victimId: number, data: Record<string, unknown>) {
  const rows = await pg<AuditRow[]>`select *, to_json(occurred_at) #>> '{}' as occurred_at_iso from audit_events where id >= ${victimId} order by id`;
  const [before] = await pg<{ hash: string }[]>`select hash from audit_events where id < ${victimId} order by id desc limit 1`;
  let prev = before?.hash ?? GENESIS_HASH;
  await asOwner(pg, async (tx) => {
    for (const row of rows) {
      const fields = { ...hashedFields(row), ...(Number(row.id) === victimId ? { data } : {}) };
      const hash = hashEntry(prev, fields);
      await tx`update audit_events set data = ${JSON.stringify(fields.data)}::jsonb, prev_hash = ${prev}, hash = ${hash} where id = ${row.id}`;
      prev = hash;
    }
  });
  return () =>
    asOwner(pg, async (tx) => {
      for (const row of rows) await tx`update audit_events set data = ${JSON.stringify(row.data)}::jsonb, prev_hash = ${row.prev_hash}, hash = ${row.hash} where id = ${row.id}`;
    });
}
