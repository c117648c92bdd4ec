import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { oaConnectors, oaUserMappings } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { oaUserIdSchema } from "./connector-input";

const RemoveMappingInput = z.object({ connectorId: z.uuid(), oaUserId: oaUserIdSchema });

/** Ends an OA account's link to its Acta user: its callbacks, searches and launches are refused from now on. */
export async function removeOaUserMapping(ctx: ServiceContext, raw: unknown): Promise<Result<null>> {
  const input = RemoveMappingInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { connectorId, oaUserId } = input.data;
  return ctx.db.transaction(async (tx) => {
    const [connector] = await tx.select({ fondsId: oaConnectors.fondsId }).from(oaConnectors).where(eq(oaConnectors.id, connectorId));
    if (!connector) return fail("oa.connector_not_found");
    if (!authorize(ctx, "admin.connectors", connector.fondsId)) return fail("auth.forbidden");
    const [removed] = await tx
      .delete(oaUserMappings)
      .where(and(eq(oaUserMappings.connectorId, connectorId), eq(oaUserMappings.oaUserId, oaUserId)))
      .returning({ userId: oaUserMappings.userId });
    if (!removed) return fail("oa.mapping_not_found");
    await appendAudit(tx, ctx, {
      action: "oa_user.unmapped",
      targetType: "oa_connector",
      targetId: connectorId,
      fondsId: connector.fondsId,
      data: { oaUserId, userId: removed.userId },
    });
    return ok(null);
  });
}
