import { loadActor } from "@/lib/auth/load-actor";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail } from "@/lib/errors";
import { type SearchResult, searchRecords } from "@/lib/search/search-records";
import { oaUserIdSchema } from "../connectors/connector-input";
import { authenticateOaServer, mappedUserId } from "../connectors/load-oa-runtime";

/**
 * The archive search on behalf of an OA account, run with its mapped Acta user's permissions, so the
 * OA sees exactly what that person would see in Acta. An unmapped account is refused (403).
 */
export async function searchForOaUser(
  ctx: ServiceContext,
  raw: { connectorId: string; apiKey: string | null; user: string | null; query: Record<string, string> },
): Promise<Result<SearchResult>> {
  const connector = await authenticateOaServer(ctx.db, raw.connectorId, raw.apiKey);
  if (!connector.ok) return connector;
  const user = oaUserIdSchema.safeParse(raw.user);
  const userId = user.success ? await mappedUserId(ctx.db, raw.connectorId, user.data) : null;
  const actor = userId ? await loadActor(ctx.db, userId) : null;
  if (!actor) return fail("oa.user_not_mapped", { user: raw.user ?? "" });
  return searchRecords({ ...ctx, actor }, raw.query);
}
