import { eq } from "drizzle-orm";
import { z } from "zod";
import { erpConnectors } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { generateApiKey } from "./api-key";

export const RotateErpConnectorKeyInput = z.object({ connectorId: z.uuid() });

/** Replaces a connector's API key: the old key stops working at once; the new one is shown this once. */
export async function rotateErpConnectorKey(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string; apiKeyPrefix: string; apiKey: string }>> {
  const input = RotateErpConnectorKeyInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.connectors")) return fail("auth.forbidden");
  const key = generateApiKey();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(erpConnectors)
      .set({ apiKeyHash: key.hash, apiKeyPrefix: key.prefix })
      .where(eq(erpConnectors.id, input.data.connectorId))
      .returning({ id: erpConnectors.id, fondsId: erpConnectors.fondsId });
    if (!row) return fail("import.connector_not_found");
    await appendAudit(tx, ctx, { action: "erp_connector.key_rotated", targetType: "erp_connector", targetId: row.id, fondsId: row.fondsId, data: { apiKeyPrefix: key.prefix } });
    return ok({ id: row.id, apiKeyPrefix: key.prefix, apiKey: key.key });
  });
}
