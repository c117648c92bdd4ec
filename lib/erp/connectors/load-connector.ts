import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { erpConnectors } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";

export type ErpConnectorRow = typeof erpConnectors.$inferSelect;

export async function findConnector(db: DbOrTx, connectorId: string): Promise<ErpConnectorRow | undefined> {
  if (!z.uuid().safeParse(connectorId).success) return undefined;
  const [row] = await db.select().from(erpConnectors).where(eq(erpConnectors.id, connectorId));
  return row;
}

/**
 * The connector a service acts through, if the caller may import into its fonds: a signed-in user
 * needs record.import there; a caller authenticated by the connector's key (actor null) may. A
 * deactivated connector takes no new data ("write"), but its imports stay readable ("read": status,
 * history, error reports).
 */
export async function loadConnectorForImport(ctx: ServiceContext, connectorId: string, use: "write" | "read" = "write"): Promise<Result<ErpConnectorRow>> {
  const connector = await findConnector(ctx.db, connectorId);
  if (!connector) return fail("import.connector_not_found");
  if (!authorize(ctx, "record.import", connector.fondsId)) return fail("auth.forbidden");
  if (use === "write" && !connector.isActive) return fail("import.connector_inactive");
  return ok(connector);
}
