import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db";
import type { Actor, ServiceContext } from "@/lib/context";
import { EMBED_COOKIE, type EmbedSession, EMBED_SESSION_SECONDS, verifyEmbedSession } from "@/lib/oa/embed/embed-tokens";
import { loadEmbedActor } from "@/lib/oa/embed/load-embed-actor";

/**
 * The frame's own session (cookie acta_embed, Path=/embed), separate from the main sign-in: an OA page
 * never gains Acta's full session, and signing out of Acta does not break the OA's frames. The mapping
 * and the connector are checked again on each request: unmapping an account ends its open frames.
 */
export const getEmbedContext = cache(async (): Promise<(ServiceContext & { actor: Actor & { locale: string }; session: EmbedSession }) | null> => {
  const session = await verifyEmbedSession((await cookies()).get(EMBED_COOKIE)?.value);
  if (!session) return null;
  const actor = await loadEmbedActor(getDb(), session);
  if (!actor) return null;
  const h = await headers();
  return {
    db: getDb(),
    actor,
    session,
    now: () => new Date(),
    request: { ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null, userAgent: h.get("user-agent") },
  };
});

/**
 * Partitioned (CHIPS) and SameSite=None so it works inside the OA's frame without third-party cookies;
 * Secure is required for both (Chromium accepts it on http://localhost for development).
 */
export function embedCookieHeader(token: string): string {
  return `${EMBED_COOKIE}=${token}; Path=/embed; Max-Age=${EMBED_SESSION_SECONDS}; HttpOnly; Secure; SameSite=None; Partitioned`;
}
