/**
 * Where the e2e OpenID provider listens and Acta's client there: read by playwright.config.ts (to start
 * the provider and point Acta's ACTA_OIDC_* at it), by the provider itself and by the SSO journey.
 */
export const OIDC_PORT = Number(process.env.ACTA_E2E_OIDC_PORT ?? 3390);
export const OIDC_ISSUER = `http://localhost:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = "acta-e2e";
export const OIDC_CLIENT_SECRET = "acta-e2e-client-secret";
