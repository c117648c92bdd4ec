import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { getServiceContext } from "@/app/_server/context";
import { errorResponse, unauthorized } from "@/app/_server/http";
import { authenticateConnectorKey } from "@/lib/erp/connectors/authenticate-connector-key";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";
import type { ServiceContext } from "@/lib/context";

/**
 * Who calls a connector route: the ERP with the connector's key (`Authorization: Bearer …`, acting as
 * the system for that connector only) or a signed-in user who may import into its fonds. A
 * request carrying a key is judged by the key alone, never by a cookie that happens to ride along.
 */
export async function connectorCaller(req: Request, connectorId: string): Promise<{ ctx: ServiceContext } | { response: Response }> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (bearer === undefined) {
    if (req.headers.has("authorization")) return { response: await errorResponse({ code: "import.api_key_invalid" }, req) };
    const ctx = await getServiceContext();
    if (!ctx) return { response: await unauthorized(req) };
    // Refused before the route reads a body, as a wrong key is: a user who may not import here must not make
    // the server buffer and parse a batch of any size. "read": a deactivated connector's writes the service refuses.
    const connector = await loadConnectorForImport(ctx, connectorId, "read");
    return connector.ok ? { ctx } : { response: await errorResponse(connector.error, req) };
  }
  const db = getDb();
  const auth = await authenticateConnectorKey(db, connectorId, bearer);
  if (!auth.ok) return { response: await errorResponse(auth.error, req) };
  const h = await headers();
  return {
    ctx: {
      db,
      actor: null,
      now: () => new Date(),
      request: { ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null, userAgent: `erp-connector/${auth.value.id} ${h.get("user-agent") ?? ""}`.trim() },
    },
  };
}
