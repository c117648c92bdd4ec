import type { DbOrTx } from "@/db";
import { type Result, fail, ok } from "@/lib/errors";
import { apiKeyMatches } from "./api-key";
import { type ErpConnectorRow, findConnector } from "./load-connector";

/**
 * Checks `Authorization: Bearer <key>` against the connector named in the URL. An unknown connector,
 * a wrong key and a deactivated connector all answer the same code, so a caller learns nothing.
 */
export async function authenticateConnectorKey(db: DbOrTx, connectorId: string, bearer: string): Promise<Result<ErpConnectorRow>> {
  const connector = await findConnector(db, connectorId);
  const matches = apiKeyMatches(bearer, connector?.apiKeyHash ?? null);
  if (!connector || !matches || !connector.isActive) return fail("import.api_key_invalid");
  return ok(connector);
}
