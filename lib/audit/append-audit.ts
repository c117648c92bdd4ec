import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { statement } from "@/db/statement";
import { auditEvents } from "@/db/schema";
import { canonicalJson } from "@/lib/canonical-json";
import { ADMIN_ROLES } from "@/lib/auth/roles";
import type { ServiceContext } from "@/lib/context";
import type { AuditAction, AuditTargetType } from "./actions";

export const GENESIS_HASH = "0".repeat(64);

// One key for the advisory lock that keeps the chain linear: appenders queue here until the
// previous appender's transaction commits, so "previous entry" is never ambiguous.
const AUDIT_CHAIN_LOCK = 7_402_110_001;

export interface AuditEntryInput {
  action: AuditAction;
  targetType?: AuditTargetType;
  targetId?: string;
  fondsId?: string | null;
  data?: Record<string, unknown>;
}

/** The fields the hash covers, in the shape verifyAuditChain rebuilds from a stored row. */
export interface HashedFields {
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  actorAdminRole: string | null;
  fondsId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

// jsonb refuses a NUL and a lone surrogate (half an emoji cut off upstream): either would fail the whole
// change the entry records. They are kept visibly replaced (␀, U+FFFD), before hashing, so the hash covers
// exactly what is stored.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const storable = (text: string) => text.replace(UNSTORABLE, (c) => (c === "\u0000" ? "\u2400" : "\uFFFD"));

function storableData(value: unknown): unknown {
  if (typeof value === "string") return storable(value);
  if (Array.isArray(value)) return value.map(storableData);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storableData(v)]));
  }
  return value;
}

export function hashEntry(prevHash: string, fields: HashedFields): string {
  return createHash("sha256").update(prevHash).update(canonicalJson(fields)).digest("hex");
}

/**
 * Appends one entry to the audit trail. Call it inside the transaction of the change it records, so
 * the change and its entry commit or vanish together.
 */
export async function appendAudit(
  tx: Tx,
  ctx: Pick<ServiceContext, "actor" | "now" | "request">,
  input: AuditEntryInput,
): Promise<void> {
  const adminGrant = ctx.actor?.grants.find((g) => ADMIN_ROLES.includes(g.role));
  const fields: HashedFields = {
    occurredAt: ctx.now().toISOString(),
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor?.username ?? null,
    actorAdminRole: adminGrant?.role ?? null,
    fondsId: input.fondsId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    // Round-trip through JSON so the hashed value equals what jsonb stores and returns.
    data: JSON.parse(canonicalJson(storableData(input.data ?? {}))) as Record<string, unknown>,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  };
  // The lock must be its own statement: a statement's snapshot is taken before it waits, so a previous
  // entry read in the same statement as the lock could miss the appender it waited for. Pipelined all the
  // same: the insert is sent behind the lock and starts, with a fresh snapshot, once the lock is granted.
  await Promise.all([
    tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`),
    insertEntry(tx, { ...fields, occurredAt: new Date(fields.occurredAt), canonical: canonicalJson(fields) }),
  ]);
}

// Built once (db/statement.ts): every change of state appends one. One round trip for reading the chain's
// head and appending to it: hashEntry's sha256(prevHash ‖ canonical JSON) computed by the database over the
// same UTF-8 bytes, so verifyAuditChain checks it unchanged.
const insertEntry = statement(
  ["occurredAt", "actorId", "actorName", "actorAdminRole", "fondsId", "action", "targetType", "targetId", "data", "ip", "userAgent", "canonical"],
  (db, p) => {
    const prevHash = sql`coalesce((select ${auditEvents.hash} from ${auditEvents} order by ${auditEvents.id} desc limit 1), ${GENESIS_HASH})`;
    const { canonical, ...columns } = p;
    return db
      .insert(auditEvents)
      .values({ ...columns, prevHash, hash: sql`encode(sha256(convert_to(${prevHash} || ${canonical}, 'UTF8')), 'hex')` })
      .prepare("append_audit");
  },
);
