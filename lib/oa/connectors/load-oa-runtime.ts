import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { oaConnectors, oaUserMappings } from "@/db/schema";
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

/**
 * The connector whose API key was presented, for the OA server's calls (documents, search, launch).
 * A wrong key and an unknown connector answer alike, so the id cannot be probed.
 */
export async function authenticateOaServer(db: DbOrTx, connectorId: string, key: string | null): Promise<Result<OaConnectorRow>> {
  if (!key) return fail("auth.unauthenticated");
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
