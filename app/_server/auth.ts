import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db";
import { signIn as checkCredentials } from "@/lib/auth/sign-in";
import { baseAuthConfig } from "./auth-config";
import { oidcProviders, oidcSignIn } from "./oidc";

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; signedInAt?: number | null };
  }
}

class RefusedSignIn extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const authConfig = {
  ...baseAuthConfig,
  providers: [
    Credentials({
      credentials: { username: {}, password: {} },
      async authorize(credentials) {
        const h = await headers();
        const result = await checkCredentials(
          {
            db: getDb(),
            now: () => new Date(),
            request: { ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null, userAgent: h.get("user-agent") },
          },
          credentials,
        );
        if (!result.ok) {
          const { code, params } = result.error;
          // The code travels back to the sign-in form, which words it; params ride along after a colon.
          throw new RefusedSignIn([code, params?.minutes ?? params?.remaining ?? ""].join(":"));
        }
        return { id: result.value.userId };
      },
    }),
    ...oidcProviders(),
  ],
  callbacks: { ...baseAuthConfig.callbacks, signIn: oidcSignIn },
  logger: {
    // A refused sign-in is answered on the form and written to the audit trail (lib/auth/sign-in); a stack
    // trace per wrong password would only bury real errors in the server's log.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error(`[auth][error] ${error.name}: ${error.message}`, error.cause ?? "", error.stack ?? "");
    },
  },
} satisfies NextAuthConfig;

const nextAuth = NextAuth(authConfig);

export const { handlers, signIn, signOut } = nextAuth;
/** Cached per request: a page and its components share one session read. */
export const auth = cache(nextAuth.auth);
