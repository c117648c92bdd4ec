import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER, OIDC_PORT } from "./oidc-settings";

/**
 * A real OpenID provider (oidc-provider, OpenID-certified) for the SSO journey: any login name is an
 * account whose claims the test can predict. Started by Playwright beside Acta (playwright.config.ts).
 */
const actaPort = Number(process.env.ACTA_E2E_PORT ?? 3210);

const provider = new Provider(OIDC_ISSUER, {
  clients: [
    {
      client_id: OIDC_CLIENT_ID,
      client_secret: OIDC_CLIENT_SECRET,
      redirect_uris: [`http://localhost:${actaPort}/api/auth/callback/oidc`],
      response_types: ["code"],
      grant_types: ["authorization_code"],
    },
  ],
  cookies: { keys: ["acta-e2e-oidc-cookie-key"] },
  claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email"] },
  // Auth.js reads the person from the ID token, so the requested claims go there.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx: KoaContextWithOIDC, id: string) {
    return { accountId: id, claims: async () => ({ sub: id, preferred_username: id, name: `单点 ${id}`, email: `${id}@sso.example.cn` }) };
  },
  // The company's own IdP would not ask its staff to consent to the company's archive: grant at once.
  async loadExistingGrant(ctx: KoaContextWithOIDC) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
    grant.addOIDCScope("openid profile email");
    await grant.save();
    return grant;
  },
});

provider.listen(OIDC_PORT, () => process.stdout.write(`OpenID provider on ${OIDC_ISSUER}\n`));
