import { randomBytes } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, roleAssignments, users } from "@/db/schema";
import { makeFonds, makeUser } from "@/db/test/factories";
import { makeGenericOaConnector } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { signInWithOidc } from "./sign-in-with-oidc";

const ISSUER = "http://idp.test";
const identity = () => {
  const id = randomBytes(4).toString("hex");
  return { issuer: ISSUER, subject: `sub-${id}`, username: `sso_${id}`, displayName: "单点 用户", email: `${id}@example.cn` };
};
const closed = { installationWide: false, connectorId: null };

describe("OpenID Connect sign-in", () => {
  it("refuses an unknown person where provisioning is off, creating nothing", async () => {
    const { db } = testDb();
    const who = identity();
    expect(await signInWithOidc(systemContext(db), who, closed)).toMatchObject({ ok: false, error: { code: "sso.not_provisioned" } });
    expect(await db.select().from(users).where(eq(users.username, who.username))).toEqual([]);
    const audit = await db.select().from(auditEvents).where(sql`${auditEvents.data}->>'subject' = ${who.subject}`);
    expect(audit.map((a) => [a.action, a.data.reason])).toEqual([["auth.sign_in_failed", "not_provisioned"]]);
  });

  it("creates the user on first sign-in where the connector allows it, with no role, then finds them by subject", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const open = await makeGenericOaConnector(db, f.id, { allowSsoProvisioning: true });
    const shut = await makeGenericOaConnector(db, f.id, { allowSsoProvisioning: false });
    const who = identity();
    expect(await signInWithOidc(systemContext(db), who, { installationWide: false, connectorId: shut.id })).toMatchObject({ ok: false, error: { code: "sso.not_provisioned" } });
    const first = await signInWithOidc(systemContext(db), who, { installationWide: false, connectorId: open.id });
    expect(first).toMatchObject({ ok: true, value: { provisioned: true } });
    if (!first.ok) return;
    const [row] = await db.select().from(users).where(eq(users.id, first.value.userId));
    expect(row).toMatchObject({ username: who.username, displayName: "单点 用户", oidcIssuer: ISSUER, oidcSubject: who.subject, passwordHash: null });
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, first.value.userId))).toEqual([]);
    // A renamed account at the provider is still the same person: matched by subject, not username.
    const again = await signInWithOidc(systemContext(db), { ...who, username: "renamed" }, closed);
    expect(again).toEqual({ ok: true, value: { userId: first.value.userId, provisioned: false } });
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.targetId, first.value.userId)).orderBy(asc(auditEvents.id))).map((a) => a.action);
    expect(actions).toEqual(["user.provisioned_sso", "auth.signed_in"]);
  });

  it("never takes over an existing account by username, and refuses disabled accounts", async () => {
    const { db } = testDb();
    const local = await makeUser(db, []);
    const who = { ...identity(), username: local.username };
    expect(await signInWithOidc(systemContext(db), who, { installationWide: true, connectorId: null })).toMatchObject({ ok: false, error: { code: "sso.username_taken" } });
    const [row] = await db.select().from(users).where(eq(users.id, local.id));
    expect(row!.oidcSubject).toBeNull();
    const other = identity();
    const created = await signInWithOidc(systemContext(db), other, { installationWide: true, connectorId: null });
    if (!created.ok) throw new Error(created.error.code);
    await db.update(users).set({ isActive: false }).where(eq(users.id, created.value.userId));
    expect(await signInWithOidc(systemContext(db), other, closed)).toMatchObject({ ok: false, error: { code: "sso.account_disabled" } });
  });

  it("refuses claims without a subject", async () => {
    const { db } = testDb();
    expect(await signInWithOidc(systemContext(db), { ...identity(), subject: "" }, { installationWide: true, connectorId: null })).toMatchObject({ ok: false, error: { code: "sso.claims_invalid" } });
  });
});
