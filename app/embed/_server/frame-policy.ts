import type { NextRequest } from "next/server";
import { EMBED_COOKIE, frameAncestors, verifyEmbedSession } from "@/lib/oa/embed/embed-tokens";

/**
 * The frame-ancestors of an /embed response, from the frame session: only the origins of the connector
 * that launched it may frame the page; without a session nobody may (next.config.ts excludes /embed from
 * its blanket frame-ancestors 'none', so the proxy's policy is the only one there).
 */
export async function embedFrameAncestors(req: NextRequest): Promise<string> {
  const session = await verifyEmbedSession(req.cookies.get(EMBED_COOKIE)?.value);
  return frameAncestors(session?.origins ?? []);
}
