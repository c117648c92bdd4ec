import type { NextAuthConfig } from "next-auth";
import { ensureAuthSecret } from "@/lib/auth/auth-secret";

// Sessions end after 8 hours without activity: the JWT lives 8 hours and every request renews it.
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;

/** The part of the Auth.js setup the proxy shares with the server: no providers, no database. */
export const baseAuthConfig = {
  secret: ensureAuthSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS, updateAge: 0 },
  pages: { signIn: "/login" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user = { ...session.user, id: token.uid };
      return session;
    },
  },
} satisfies NextAuthConfig;
