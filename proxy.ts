import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { baseAuthConfig } from "@/app/_server/auth-config";
import { embedFrameAncestors } from "@/app/embed/_server/frame-policy";
import { contentSecurityPolicy, newNonce } from "@/lib/http/content-security-policy";
import { readOidcSettings } from "@/lib/sso/oidc-settings";

const { auth } = NextAuth(baseAuthConfig);

const ssoIssuer = readOidcSettings()?.issuer;
const formTargets = ssoIssuer ? [new URL(ssoIssuer).origin] : [];

// Renews the session cookie (the 8-hour idle window), sends visitors without a session to the sign-in
// page (optimistic only: every page, action and route still checks the session itself), and gives each
// page its Content-Security-Policy with a fresh script nonce.
export default auth(async (req) => {
  const { pathname, search } = req.nextUrl;
  // Embedded pages have their own frame session and never redirect to the sign-in page.
  const embedded = pathname.startsWith("/embed/");
  if (!embedded && pathname !== "/login" && !req.auth?.user) {
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    frameAncestors: embedded ? await embedFrameAncestors(req) : "frame-ancestors 'none'",
    formTargets,
    development: process.env.NODE_ENV === "development",
  });
  // Next takes the nonce from the request's policy and puts it on every script it renders.
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("Content-Security-Policy", policy);
  if (embedded) {
    res.headers.set("X-Content-Type-Options", "nosniff");
    res.headers.set("Cache-Control", "no-store");
  }
  return res;
});

export const config = {
  // Pages only: API routes answer 401 JSON themselves, and the embed launch and assets are public.
  matcher: ["/((?!api/|_next/|embed/launch|favicon.ico|robots.txt|.*\\.(?:svg|png|jpg|ico|css|js|woff2?)$).*)"],
};
