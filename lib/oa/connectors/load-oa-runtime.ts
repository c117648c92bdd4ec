import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { oaConnectors, oaUserMappings, users } from "@/db/schema";
import { actorStatement } from "@/lib/auth/load-actor";
import { hashApiKey } from "@/lib/crypto/api-key";
import { type Result, fail, ok } from "@/lib/errors";
import { type OaConnector, loadOaConnector } from "../adapters";
import { openConnectorSecrets } from "./connector-secrets";

export type OaConnectorRow = typeof oaConnectors.$inferSelect;

export interface OaRuntime {
  row: OaConnectorRow;
  connector: OaConnector;
}

/** A stored, active connector bound to its adapter with its secrets opened; for callbacks and the outbox. */
export async function loadOaRuntime(db: DbOrTx, connectorId: string): Promise<Result<OaRuntime>> {
  const [row] = await db.select().from(oaConnectors).where(eq(oaConnectors.id, connectorId));
  if (!row || !row.isActive) return fail("oa.connector_not_found");
  const secrets = openConnectorSecrets(row.secretsEncrypted);
  if (secrets === null) return fail("oa.secrets_unreadable");
  const connector = loadOaConnector(row.kind, { ...row.config, baseUrl: row.baseUrl }, secrets);
  if (!connector.ok) return fail("oa.connector_misconfigured");
  return ok({ row, connector: connector.value });
}

// An OA sends callbacks in bursts; opening the connector for each costs a query, a decryption and an
// adapter. Changes made through updateOaConnector clear the entry at once; another server process
// sees them within the TTL.
const RUNTIME_TTL_MS = 5_000;
const runtimes = new Map<string, { runtime: OaRuntime; until: number }>();

/** loadOaRuntime, remembered for a few seconds: for the callback path only, which is hot and read-only. */
export async function cachedOaRuntime(db: DbOrTx, connectorId: string, nowMs = Date.now()): Promise<Result<OaRuntime>> {
  const hit = runtimes.get(connectorId);
  if (hit && hit.until > nowMs) return ok(hit.runtime);
  const loaded = await loadOaRuntime(db, connectorId);
  if (loaded.ok) runtimes.set(connectorId, { runtime: loaded.value, until: nowMs + RUNTIME_TTL_MS });
  else runtimes.delete(connectorId);
  return loaded;
}

export function forgetOaRuntime(connectorId: string): void {
  runtimes.delete(connectorId);
}

/**
 * The connector whose API key was presented, for the OA server's calls (documents, search, launch).
 * A wrong key and an unknown connector answer alike, so the id cannot be probed; an id that is no
 * uuid at all (straight from the URL) is one more unknown connector, not a database error.
 */
export async function authenticateOaServer(db: DbOrTx, connectorId: string, key: string | null): Promise<Result<OaConnectorRow>> {
  if (!key) return fail("auth.unauthenticated");
  if (!z.uuid().safeParse(connectorId).success) return fail("auth.bad_api_key");
  const [row] = await db
    .select()
    .from(oaConnectors)
    .where(and(eq(oaConnectors.id, connectorId), eq(oaConnectors.apiKeyHash, hashApiKey(key))));
  if (!row || !row.isActive) return fail("auth.bad_api_key");
  return ok(row);
}

/** The Acta user an OA account acts as on this connector, or null when the account is not mapped. */
export async function mappedUserId(db: DbOrTx, connectorId: string, oaUserId: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: oaUserMappings.userId })
    .from(oaUserMappings)
    .where(and(eq(oaUserMappings.connectorId, connectorId), eq(oaUserMappings.oaUserId, oaUserId)));
  return row?.userId ?? null;
}

/**
 * The active Acta user an OA account acts as on this connector, as an actor, in the one round trip every
 * callback pays: null when the account is not mapped or its user is deactivated (`mappedUserId` tells which).
 */
export function mappedActor(db: DbOrTx, connectorId: string, oaUserId: string) {
  return mappedActorOf(db, { connectorId, oaUserId });
}

const mappedActorOf = actorStatement("mapped_actor", ["connectorId", "oaUserId"], (db, p) =>
  inArray(users.id, db.select({ id: oaUserMappings.userId }).from(oaUserMappings).where(and(eq(oaUserMappings.connectorId, p.connectorId), eq(oaUserMappings.oaUserId, p.oaUserId)))),
);
