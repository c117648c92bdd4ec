import { type NextRequest, NextResponse } from "next/server";
import { EMBED_COOKIE, frameAncestors, verifyEmbedSession } from "@/lib/oa/embed/embed-tokens";

/**
 * Sets each /embed response's frame-ancestors from the frame session: only the origins of the
 * connector that launched it may frame the page; without a session nobody may (next.config.ts
 * excludes /embed from its blanket frame-ancestors 'none', so this is the only policy there).
 */
export async function embedFramePolicy(req: NextRequest): Promise<NextResponse> {
  const session = await verifyEmbedSession(req.cookies.get(EMBED_COOKIE)?.value);
  const res = NextResponse.next();
  res.headers.set("Content-Security-Policy", frameAncestors(session?.origins ?? []));
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("Cache-Control", "no-store");
  return res;
}
