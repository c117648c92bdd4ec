import { getDb } from "@/db";
import { frameAncestors, safeEmbedPath } from "@/lib/oa/embed/embed-tokens";
import { redeemLaunchToken } from "@/lib/oa/embed/redeem-launch-token";
import { embedCookieHeader } from "../_server/embed-session";

// Opens the frame session from a launch link and goes on to the embedded page; a refused link lands on
// the embed notice page, which says in words to reopen the page from the OA.
export async function GET(req: Request) {
  const url = new URL(req.url);
  const next = safeEmbedPath(url.searchParams.get("next"));
  const result = await redeemLaunchToken(
    { db: getDb(), actor: null, now: () => new Date(), request: { ip: req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null, userAgent: req.headers.get("user-agent") } },
    { token: url.searchParams.get("token") ?? "" },
  );
  const headers = new Headers({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
  if (!result.ok || !next) {
    headers.set("Location", `/embed/expired?reason=${encodeURIComponent(result.ok ? "embed.next_invalid" : result.error.code)}`);
    headers.set("Content-Security-Policy", frameAncestors([]));
    return new Response(null, { status: 303, headers });
  }
  headers.set("Location", next);
  headers.set("Set-Cookie", embedCookieHeader(result.value.sessionToken));
  headers.set("Content-Security-Policy", frameAncestors(result.value.session.origins));
  return new Response(null, { status: 303, headers });
}
