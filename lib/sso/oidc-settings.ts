import { z } from "zod";

// Empty strings count as missing, as in lib/env.ts: `ACTA_OIDC_ISSUER=` leaves SSO off.
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const claim = (fallback: string) => z.preprocess((v) => (v === "" ? undefined : v), z.string().default(fallback));

const OidcEnvSchema = z.object({
  ACTA_OIDC_ISSUER: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  ACTA_OIDC_CLIENT_ID: optional,
  ACTA_OIDC_CLIENT_SECRET: optional,
  ACTA_OIDC_USERNAME_CLAIM: claim("preferred_username"),
  ACTA_OIDC_NAME_CLAIM: claim("name"),
  ACTA_OIDC_EMAIL_CLAIM: claim("email"),
  ACTA_OIDC_PROVISIONING: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["true", "false"]).default("false")),
  ACTA_OIDC_CONNECTOR_ID: z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()),
});

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  claims: { username: string; name: string; email: string };
  /** Create unknown users on first sign-in (installation-wide switch). */
  provisioning: boolean;
  /** The OA connector this identity provider belongs to; its allowSsoProvisioning may also allow it. */
  connectorId: string | null;
}

/** SSO settings from the environment, or null when the issuer, client id and secret are not all set. */
export function readOidcSettings(env: Record<string, string | undefined> = process.env): OidcSettings | null {
  const parsed = OidcEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid SSO settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const e = parsed.data;
  if (!e.ACTA_OIDC_ISSUER || !e.ACTA_OIDC_CLIENT_ID || !e.ACTA_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.ACTA_OIDC_ISSUER,
    clientId: e.ACTA_OIDC_CLIENT_ID,
    clientSecret: e.ACTA_OIDC_CLIENT_SECRET,
    claims: { username: e.ACTA_OIDC_USERNAME_CLAIM, name: e.ACTA_OIDC_NAME_CLAIM, email: e.ACTA_OIDC_EMAIL_CLAIM },
    provisioning: e.ACTA_OIDC_PROVISIONING === "true",
    connectorId: e.ACTA_OIDC_CONNECTOR_ID ?? null,
  };
}

/** The identity an ID token's claims describe, through the configured claim names. */
export function identityFromClaims(settings: OidcSettings, claims: Record<string, unknown>) {
  const text = (name: string) => (typeof claims[name] === "string" ? (claims[name] as string) : undefined);
  return {
    issuer: settings.issuer,
    subject: text("sub") ?? "",
    username: text(settings.claims.username),
    displayName: text(settings.claims.name),
    email: text(settings.claims.email),
  };
}
