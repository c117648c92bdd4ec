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
      // When the session began, kept through every renewal: a password changed later ends it.
      if (user?.id) Object.assign(token, { uid: user.id, authAt: Date.now() });
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user = { ...session.user, id: token.uid, signedInAt: typeof token.authAt === "number" ? token.authAt : null };
      return session;
    },
  },
} satisfies NextAuthConfig;
