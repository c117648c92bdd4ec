import { and, eq } from "drizzle-orm";
import { oaConnectors, oaLaunchTokens } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { loadActor } from "@/lib/auth/load-actor";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { mappedUserId } from "../connectors/load-oa-runtime";
import { type EmbedSession, signEmbedSession, verifyLaunchToken } from "./embed-tokens";

/**
 * Turns a launch token into a frame session, once: the token's id is stored as used in the same
 * transaction, so a second redemption (a copied link, a replay) conflicts and is refused. The mapping
 * is checked again, so unmapping an OA account voids links already issued.
 */
export async function redeemLaunchToken(
  ctx: ServiceContext,
  raw: { token: string },
): Promise<Result<{ session: EmbedSession; sessionToken: string }>> {
  const now = ctx.now();
  const claims = await verifyLaunchToken(raw.token, now);
  if (!claims) return fail("embed.token_invalid");
  return ctx.db.transaction(async (tx) => {
    const [used] = await tx
      .insert(oaLaunchTokens)
      .values({ jti: claims.jti, connectorId: claims.connectorId, userId: claims.userId, expiresAt: claims.expiresAt, usedAt: now })
      .onConflictDoNothing()
      .returning({ jti: oaLaunchTokens.jti });
    if (!used) return fail("embed.token_used");
    const [connector] = await tx
      .select({ fondsId: oaConnectors.fondsId, origins: oaConnectors.allowedOrigins })
      .from(oaConnectors)
      .where(and(eq(oaConnectors.id, claims.connectorId), eq(oaConnectors.isActive, true)));
    const actor = await loadActor(tx, claims.userId);
    if (!connector || !actor || (await mappedUserId(tx, claims.connectorId, claims.oaUserId)) !== claims.userId) {
      return fail("embed.token_invalid");
    }
    const session: EmbedSession = { userId: claims.userId, connectorId: claims.connectorId, oaUserId: claims.oaUserId, origins: connector.origins };
    await appendAudit(tx, { ...ctx, actor }, {
      action: "embed.session_opened",
      targetType: "oa_connector",
      targetId: claims.connectorId,
      fondsId: connector.fondsId,
      data: { oaUserId: claims.oaUserId, jti: claims.jti },
    });
    return ok({ session, sessionToken: await signEmbedSession(session, now) });
  });
}
