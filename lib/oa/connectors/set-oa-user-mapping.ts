import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { oaConnectors, oaUserMappings, users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { oaUserIdSchema } from "./connector-input";

const SetMappingInput = z.object({
  connectorId: z.uuid(),
  oaUserId: oaUserIdSchema,
  username: z.string().trim().min(1).max(64),
});

/**
 * Says which Acta user an OA account is. Decisions, searches and embedded pages coming from the OA
 * act with exactly this user's permissions, so the mapping is an administrator's audited act.
 */
export async function setOaUserMapping(ctx: ServiceContext, raw: unknown): Promise<Result<{ userId: string }>> {
  const input = SetMappingInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { connectorId, oaUserId, username } = input.data;
  return ctx.db.transaction(async (tx) => {
    const [connector] = await tx.select({ fondsId: oaConnectors.fondsId }).from(oaConnectors).where(eq(oaConnectors.id, connectorId));
    if (!connector) return fail("oa.connector_not_found");
    if (!authorize(ctx, "admin.connectors", connector.fondsId)) return fail("auth.forbidden");
    const [user] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`);
    if (!user) return fail("oa.user_not_found", { username });
    const [previous] = await tx
      .select({ userId: oaUserMappings.userId })
      .from(oaUserMappings)
      .where(and(eq(oaUserMappings.connectorId, connectorId), eq(oaUserMappings.oaUserId, oaUserId)));
    await tx
      .insert(oaUserMappings)
      .values({ connectorId, oaUserId, userId: user.id })
      .onConflictDoUpdate({ target: [oaUserMappings.connectorId, oaUserMappings.oaUserId], set: { userId: user.id } });
    await appendAudit(tx, ctx, {
      action: "oa_user.mapped",
      targetType: "oa_connector",
      targetId: connectorId,
      fondsId: connector.fondsId,
      data: { oaUserId, userId: user.id, previousUserId: previous?.userId ?? null },
    });
    return ok({ userId: user.id });
  });
}
