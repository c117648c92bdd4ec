import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Append-only, hash-chained (lib/audit). A migration installs triggers that refuse UPDATE, DELETE and
 * TRUNCATE, so not even the application's own role can rewrite history.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    actorId: uuid(),
    actorName: text(),
    // Set when the actor acted as one of the 三员: only the audit administrator reads those entries.
    actorAdminRole: text(),
    fondsId: uuid(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    ip: text(),
    userAgent: text(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index("audit_events_target_idx").on(t.targetType, t.targetId, t.id),
    index("audit_events_actor_idx").on(t.actorId, t.id),
    index("audit_events_action_idx").on(t.action, t.id),
    index("audit_events_fonds_idx").on(t.fondsId, t.id),
  ],
);

/**
 * The chain heads Acta anchored (ADR 0018), kept for the audit page and as the database's word that anchors
 * were written. Evidence lies in the anchor file under ACTA_DATA_DIR, each line under an HMAC; this table only
 * tells verification how far that file must reach, so a removed or truncated file shows.
 */
export const auditAnchors = pgTable("audit_anchors", {
  seq: integer().primaryKey(),
  anchoredAt: timestamp({ withTimezone: true }).notNull(),
  entryId: bigint({ mode: "number" }).notNull(),
  entryHash: text().notNull(),
  entryCount: bigint({ mode: "number" }).notNull(),
  mac: text().notNull(),
  // The audit administrator who asked for it; null for the scheduled job.
  anchoredBy: uuid(),
});
