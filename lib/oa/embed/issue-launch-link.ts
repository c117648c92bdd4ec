import { z } from "zod";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { oaUserIdSchema } from "../connectors/connector-input";
import { authenticateOaServer, mappedUserId } from "../connectors/load-oa-runtime";
import { safeEmbedPath, signLaunchToken } from "./embed-tokens";

const LaunchInput = z.object({
  connectorId: z.uuid(),
  apiKey: z.string().nullable(),
  user: oaUserIdSchema,
  next: z.string().max(2000),
  /** Where Acta is reached from the OA's users, e.g. https://acta.example.cn. */
  publicBaseUrl: z.url(),
});

/**
 * A single-use, 60-second link that opens an embedded page signed in as the mapped Acta user, for OAs
 * whose frames cannot carry Acta's own session (third-party cookies are blocked). Only the OA's server,
 * holding the connector key, may ask for one.
 */
export async function issueLaunchLink(ctx: ServiceContext, raw: unknown): Promise<Result<{ url: string; expiresAt: string }>> {
  const input = LaunchInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { connectorId, apiKey, user, next, publicBaseUrl } = input.data;
  const connector = await authenticateOaServer(ctx.db, connectorId, apiKey);
  if (!connector.ok) return connector;
  const path = safeEmbedPath(next);
  if (!path) return fail("embed.next_invalid");
  const userId = await mappedUserId(ctx.db, connectorId, user);
  if (!userId) return fail("oa.user_not_mapped", { user });
  const { token, expiresAt } = await signLaunchToken({ userId, connectorId, oaUserId: user }, ctx.now());
  const url = new URL("/embed/launch", publicBaseUrl);
  url.searchParams.set("token", token);
  url.searchParams.set("next", path);
  return ok({ url: url.toString(), expiresAt: expiresAt.toISOString() });
}
