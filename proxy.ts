import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { baseAuthConfig } from "@/app/_server/auth-config";

const { auth } = NextAuth(baseAuthConfig);

// Optimistic only: it renews the session cookie (the 8-hour idle window) and sends visitors without a
// session to the sign-in page. Every page, action and route still checks the session itself.
export default auth((req) => {
  const { pathname, search } = req.nextUrl;
  if (req.auth?.user) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
});

export const config = {
  // Pages only: API routes answer 401 JSON themselves, and the sign-in page, embeds and assets are public.
  matcher: ["/((?!api/|_next/|login|embed/|favicon.ico|.*\\.(?:svg|png|jpg|ico|css|js|woff2?)$).*)"],
};
