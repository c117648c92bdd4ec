import "server-only";
import type { NextAuthConfig } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { identityFromClaims, readOidcSettings } from "@/lib/sso/oidc-settings";
import { signInWithOidc } from "@/lib/sso/sign-in-with-oidc";

export const OIDC_PROVIDER_ID = "oidc";

const settings = readOidcSettings();

/** True when the sign-in page should offer 使用单点登录. */
export const ssoConfigured = () => settings !== null;

/** The OpenID Connect provider when ACTA_OIDC_* configure one; none otherwise. */
export function oidcProviders(): OIDCConfig<Record<string, unknown>>[] {
  if (!settings) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: "SSO",
      type: "oidc",
      issuer: settings.issuer,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { scope: "openid profile email" } },
      profile: (claims) => ({ id: String(claims.sub), name: typeof claims.name === "string" ? claims.name : null }),
    },
  ];
}

/**
 * Maps the provider's verified identity to an Acta user (created only where provisioning is allowed).
 * A refusal goes back to the sign-in page as an error code it words for the person.
 */
export const oidcSignIn: NonNullable<NextAuthConfig["callbacks"]>["signIn"] = async ({ user, account, profile }) => {
  if (account?.provider !== OIDC_PROVIDER_ID || !settings) return true;
  const h = await headers();
  const result = await signInWithOidc(
    { db: getDb(), now: () => new Date(), request: { ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null, userAgent: h.get("user-agent") } },
    identityFromClaims(settings, profile ?? {}),
    { installationWide: settings.provisioning, connectorId: settings.connectorId },
  );
  if (!result.ok) return `/login?error=${encodeURIComponent(result.error.code)}`;
  // Auth.js hands this same object to the jwt callback, which stores the Acta user id in the session.
  user.id = result.value.userId;
  return true;
};
