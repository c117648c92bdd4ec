import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, oaLaunchTokens, users } from "@/db/schema";
import { makeFonds, makeUser } from "@/db/test/factories";
import { makeGenericOaConnector, mapOaUser } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { removeOaUserMapping } from "../connectors/remove-oa-user-mapping";
import { updateOaConnector } from "../connectors/update-oa-connector";
import { frameAncestors, verifyEmbedSession } from "./embed-tokens";
import { issueLaunchLink } from "./issue-launch-link";
import { loadEmbedActor } from "./load-embed-actor";
import { redeemLaunchToken } from "./redeem-launch-token";

const BASE = "http://acta.test";
const at = (d: Date) => ({ ...systemContext(testDb().db), now: () => d });

async function setup() {
  const { db } = testDb();
  const f = await makeFonds(db);
  const finance = await makeUser(db, [{ role: "finance_approver", fondsId: f.id }]);
  const connector = await makeGenericOaConnector(db, f.id, { allowedOrigins: ["http://localhost:3300"] });
  await mapOaUser(db, connector.id, "oa-chen", finance.username);
  return { db, f, finance, connector };
}

const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

describe("embed launch links", () => {
  it("open one frame session for the mapped user, once", async () => {
    const { db, finance, connector } = await setup();
    const now = new Date();
    const link = await issueLaunchLink(at(now), { connectorId: connector.id, apiKey: connector.apiKey, user: "oa-chen", next: "/embed/approvals/123?x=1", publicBaseUrl: BASE });
    if (!link.ok) throw new Error(link.error.code);
    const url = new URL(link.value.url);
    expect(url.origin + url.pathname).toBe(`${BASE}/embed/launch`);
    expect(url.searchParams.get("next")).toBe("/embed/approvals/123?x=1");
    expect(new Date(link.value.expiresAt).getTime() - now.getTime()).toBeLessThanOrEqual(60_000);

    const first = await redeemLaunchToken(at(now), { token: tokenOf(link.value.url) });
    if (!first.ok) throw new Error(first.error.code);
    expect(first.value.session).toEqual({ userId: finance.id, connectorId: connector.id, oaUserId: "oa-chen", origins: ["http://localhost:3300"] });
    expect(await verifyEmbedSession(first.value.sessionToken)).toEqual(first.value.session);
    expect(frameAncestors(first.value.session.origins)).toBe("frame-ancestors http://localhost:3300");

    const second = await redeemLaunchToken(at(now), { token: tokenOf(link.value.url) });
    expect(second).toMatchObject({ ok: false, error: { code: "embed.token_used" } });
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, connector.id));
    expect(audit.filter((a) => a.action === "embed.session_opened")).toHaveLength(1);
  });

  it("refuse a token after its 60 seconds, or tampered with, storing nothing", async () => {
    const { db, connector } = await setup();
    const now = new Date();
    const link = await issueLaunchLink(at(now), { connectorId: connector.id, apiKey: connector.apiKey, user: "oa-chen", next: "/embed/search", publicBaseUrl: BASE });
    if (!link.ok) throw new Error(link.error.code);
    const token = tokenOf(link.value.url);
    expect(await redeemLaunchToken(at(new Date(now.getTime() + 61_000)), { token })).toMatchObject({ ok: false, error: { code: "embed.token_invalid" } });
    const [head, body, sig] = token.split(".");
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), sub: crypto.randomUUID() })).toString("base64url")}.${sig}`;
    expect(await redeemLaunchToken(at(now), { token: forged })).toMatchObject({ ok: false, error: { code: "embed.token_invalid" } });
    expect(await db.select().from(oaLaunchTokens).where(eq(oaLaunchTokens.connectorId, connector.id))).toEqual([]);
    expect(await verifyEmbedSession("not-a-token")).toBeNull();
  });

  it("are issued only with the connector key, for mapped users and /embed paths", async () => {
    const { connector } = await setup();
    const now = new Date();
    const ask = (over: object) => issueLaunchLink(at(now), { connectorId: connector.id, apiKey: connector.apiKey, user: "oa-chen", next: "/embed/search", publicBaseUrl: BASE, ...over });
    expect(await ask({ apiKey: "acta_oa_wrong" })).toMatchObject({ ok: false, error: { code: "auth.bad_api_key" } });
    expect(await ask({ apiKey: null })).toMatchObject({ ok: false, error: { code: "auth.unauthenticated" } });
    expect(await ask({ user: "stranger" })).toMatchObject({ ok: false, error: { code: "oa.user_not_mapped" } });
    expect(await ask({ user: "oa-chen\u0000" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { user: "validation.custom" } } });
    for (const next of ["https://evil.example/embed/x", "//evil.example/embed/x", "/admin", "/embed/launch?token=x", "/embed/../admin"]) {
      expect(await ask({ next })).toMatchObject({ ok: false, error: { code: "embed.next_invalid" } });
    }
  });

  it("stop working once the OA account is unmapped", async () => {
    const { connector } = await setup();
    const now = new Date();
    const link = await issueLaunchLink(at(now), { connectorId: connector.id, apiKey: connector.apiKey, user: "oa-chen", next: "/embed/search", publicBaseUrl: BASE });
    if (!link.ok) throw new Error(link.error.code);
    expect((await removeOaUserMapping(at(now), { connectorId: connector.id, oaUserId: "oa-chen" })).ok).toBe(true);
    expect(await redeemLaunchToken(at(now), { token: tokenOf(link.value.url) })).toMatchObject({ ok: false, error: { code: "embed.token_invalid" } });
  });

  it("act as the mapped user with the language saved on that account, which the embedded pages speak", async () => {
    const { db, finance, connector } = await setup();
    await db.update(users).set({ locale: "en" }).where(eq(users.id, finance.id));
    const now = new Date();
    const link = await issueLaunchLink(at(now), { connectorId: connector.id, apiKey: connector.apiKey, user: "oa-chen", next: "/embed/search", publicBaseUrl: BASE });
    if (!link.ok) throw new Error(link.error.code);
    const redeemed = await redeemLaunchToken(at(now), { token: tokenOf(link.value.url) });
    if (!redeemed.ok) throw new Error(redeemed.error.code);
    expect(await loadEmbedActor(db, redeemed.value.session)).toMatchObject({ userId: finance.id, locale: "en" });
  });

  it("end frame sessions already open once the OA account is unmapped or the connector switched off", async () => {
    const { db, finance, connector } = await setup();
    const now = new Date();
    const open = async () => {
      const link = await issueLaunchLink(at(now), { connectorId: connector.id, apiKey: connector.apiKey, user: "oa-chen", next: "/embed/search", publicBaseUrl: BASE });
      if (!link.ok) throw new Error(link.error.code);
      const redeemed = await redeemLaunchToken(at(now), { token: tokenOf(link.value.url) });
      if (!redeemed.ok) throw new Error(redeemed.error.code);
      return redeemed.value.session;
    };
    const session = await open();
    expect(await loadEmbedActor(db, session)).toMatchObject({ userId: finance.id });
    expect((await removeOaUserMapping(at(now), { connectorId: connector.id, oaUserId: "oa-chen" })).ok).toBe(true);
    expect(await loadEmbedActor(db, session)).toBeNull();

    await mapOaUser(db, connector.id, "oa-chen", finance.username);
    const again = await open();
    expect(await loadEmbedActor(db, again)).toMatchObject({ userId: finance.id });
    expect((await updateOaConnector(at(now), { id: connector.id, isActive: false })).ok).toBe(true);
    expect(await loadEmbedActor(db, again)).toBeNull();
  });
});
