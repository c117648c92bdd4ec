import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { oaConnectors, oaUserMappings, users } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

export interface OaUserMappingView {
  oaUserId: string;
  userId: string;
  username: string;
  displayName: string;
}

/** The OA accounts of one connector and the Acta users they act as. */
export async function listOaUserMappings(ctx: ServiceContext, raw: unknown): Promise<Result<OaUserMappingView[]>> {
  const input = z.object({ connectorId: z.uuid() }).safeParse(raw);
  if (!input.success) return invalid(input.error);
  const [connector] = await ctx.db.select({ fondsId: oaConnectors.fondsId }).from(oaConnectors).where(eq(oaConnectors.id, input.data.connectorId));
  if (!connector) return fail("oa.connector_not_found");
  if (!authorize(ctx, "admin.connectors", connector.fondsId)) return fail("auth.forbidden");
  const rows = await ctx.db
    .select({ oaUserId: oaUserMappings.oaUserId, userId: users.id, username: users.username, displayName: users.displayName })
    .from(oaUserMappings)
    .innerJoin(users, eq(users.id, oaUserMappings.userId))
    .where(eq(oaUserMappings.connectorId, input.data.connectorId))
    .orderBy(asc(oaUserMappings.oaUserId));
  return ok(rows);
}
