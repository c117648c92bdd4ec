import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { baseAuthConfig } from "@/app/_server/auth-config";
import { embedFramePolicy } from "@/app/embed/_server/frame-policy";

const { auth } = NextAuth(baseAuthConfig);

// Optimistic only: it renews the session cookie (the 8-hour idle window) and sends visitors without a
// session to the sign-in page. Every page, action and route still checks the session itself.
export default auth((req) => {
  const { pathname, search } = req.nextUrl;
  // Embedded pages have their own frame session and never redirect to the sign-in page.
  if (pathname.startsWith("/embed/")) return embedFramePolicy(req);
  if (req.auth?.user) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
});

export const config = {
  // Pages only: API routes answer 401 JSON themselves, and the sign-in page, the embed launch and assets are public.
  matcher: ["/((?!api/|_next/|login|embed/launch|favicon.ico|robots.txt|.*\\.(?:svg|png|jpg|ico|css|js|woff2?)$).*)"],
};
