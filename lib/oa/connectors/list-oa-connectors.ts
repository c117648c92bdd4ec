import { asc } from "drizzle-orm";
import { oaConnectors } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { type OaConnectorView, toConnectorView } from "./connector-view";

/** Every OA connector, for administrators; secrets appear only as masked hints. */
export async function listOaConnectors(ctx: ServiceContext): Promise<Result<OaConnectorView[]>> {
  if (!authorize(ctx, "admin.connectors")) return fail("auth.forbidden");
  const rows = await ctx.db.select().from(oaConnectors).orderBy(asc(oaConnectors.createdAt), asc(oaConnectors.id));
  return ok(rows.map(toConnectorView));
}
