import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, users } from "@/db/schema";
import { contextFor, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { LOCALES } from "@/lib/i18n/config";
import { formatMessage } from "@/lib/i18n/load-messages";
import { changePassword } from "./change-password";
import { createUser } from "./create-user";
import { endSessions } from "./end-sessions";
import { getAccount } from "./get-account";
import { loadSessionActor } from "./load-actor";
import { PASSWORD_MIN_LENGTH } from "./password";
import { resetPassword } from "./reset-password";
import { signIn } from "./sign-in";

type Db = ReturnType<typeof testDb>["db"];
const req = { ip: "127.0.0.1", userAgent: "vitest" };
const signsIn = async (db: Db, username: string, password: string) => (await signIn({ db, now: () => new Date(), request: req }, { username, password })).ok;
const actionsOn = async (db: Db, userId: string) => (await db.select().from(auditEvents).where(eq(auditEvents.targetId, userId)).orderBy(asc(auditEvents.id))).map((e) => e.action);
const hashOf = async (db: Db, userId: string) => (await db.select({ h: users.passwordHash }).from(users).where(eq(users.id, userId)))[0]!.h;

describe("changePassword", () => {
  it("replaces the password after proving the current one, ends older sessions and audits it", async () => {
    const { db } = testDb();
    const u = await makeUser(db, []);
    const before = Date.now() - 1000;
    expect(await loadSessionActor(db, u.id, before)).toMatchObject({ userId: u.id, mustChangePassword: false });
    const r = await changePassword(contextFor(db, u.actor), { currentPassword: u.password, newPassword: "a new sentence 2026", confirmPassword: "a new sentence 2026" });
    expect(r.ok).toBe(true);
    expect(await signsIn(db, u.username, u.password)).toBe(false);
    expect(await signsIn(db, u.username, "a new sentence 2026")).toBe(true);
    // The session that began before the change is over, one begun after it (and a pre-claim one never) is not.
    expect(await loadSessionActor(db, u.id, before)).toBeNull();
    expect(await loadSessionActor(db, u.id, null)).toBeNull();
    expect(await loadSessionActor(db, u.id, Date.now() + 1)).toMatchObject({ userId: u.id });
    expect(await actionsOn(db, u.id)).toContain("auth.password_changed");
    expect(await getAccount(contextFor(db, u.actor), u.id)).toMatchObject({ ok: true, value: { hasPassword: true, mustChangePassword: false } });
  });

  it("refuses a wrong current password, a short, mismatched, unchanged or username password, changing nothing", async () => {
    const { db } = testDb();
    const u = await makeUser(db, []);
    const ctx = contextFor(db, u.actor);
    const hash = await hashOf(db, u.id);
    const field = (fields: Record<string, string>) => ({ ok: false, error: { code: "validation.invalid_input", fields } });
    const change = (currentPassword: string, newPassword: string, confirmPassword = newPassword) => changePassword(ctx, { currentPassword, newPassword, confirmPassword });
    expect(await change("not it", "a good new password")).toMatchObject(field({ currentPassword: "auth.wrong_current_password" }));
    expect(await change(u.password, "x".repeat(PASSWORD_MIN_LENGTH - 1))).toMatchObject(field({ newPassword: "auth.password_too_short" }));
    // Counted in characters, not UTF-16 units or bytes: seven Chinese characters are too short.
    expect(await change(u.password, "会计档案管理系")).toMatchObject(field({ newPassword: "auth.password_too_short" }));
    expect(await change(u.password, u.username.toUpperCase())).toMatchObject(field({ newPassword: "auth.password_is_username" }));
    expect(await change(u.password, "a good new password", "a good new passwort")).toMatchObject(field({ confirmPassword: "auth.password_mismatch" }));
    expect(await change(u.password, u.password)).toMatchObject(field({ newPassword: "auth.password_unchanged" }));
    expect(await changePassword(ctx, { newPassword: "a good new password" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    expect(await changePassword(contextFor(db, null), { currentPassword: "a", newPassword: "a good new password", confirmPassword: "a good new password" })).toMatchObject({
      ok: false,
      error: { code: "auth.unauthenticated" },
    });
    expect(await hashOf(db, u.id)).toBe(hash);
    expect(await loadSessionActor(db, u.id, Date.now() - 1000)).not.toBeNull();
    // The wrong current password is on record; nothing else was.
    expect((await actionsOn(db, u.id)).filter((a) => a.startsWith("auth.password"))).toEqual(["auth.password_change_failed"]);
  });

  it("tells a user who signs in only through SSO that there is no password here", async () => {
    const { db } = testDb();
    const u = await makeUser(db, []);
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, u.id));
    expect(await changePassword(contextFor(db, u.actor), { currentPassword: "anything", newPassword: "a good new password", confirmPassword: "a good new password" })).toMatchObject({
      ok: false,
      error: { code: "auth.no_local_password" },
    });
  });
});

describe("resetPassword", () => {
  it("lets the system administrator set a password, lifting a lockout, ending sessions and asking for a new one", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const u = await makeUser(db, []);
    await db.update(users).set({ failedAttempts: 3, lockedUntil: new Date(Date.now() + 600_000) }).where(eq(users.id, u.id));
    const before = Date.now() - 1000;
    const r = await resetPassword(contextFor(db, sys.actor), { userId: u.id, newPassword: "temporary pass 1", confirmPassword: "temporary pass 1", mustChange: "true" });
    expect(r).toEqual({ ok: true, value: { username: u.username, mustChange: true } });
    expect(await loadSessionActor(db, u.id, before)).toBeNull();
    expect(await signsIn(db, u.username, "temporary pass 1")).toBe(true);
    expect(await loadSessionActor(db, u.id, Date.now() + 1)).toMatchObject({ mustChangePassword: true });
    const [audit] = (await db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id))).filter((e) => e.action === "user.password_reset");
    expect(audit).toMatchObject({ actorId: sys.id, actorAdminRole: "sysadmin", data: { username: u.username, mustChange: true } });
    expect(JSON.stringify(audit)).not.toContain("temporary pass 1");
    // The user's own change clears the demand.
    const self = (await loadSessionActor(db, u.id, Date.now() + 1))!;
    expect(await changePassword(contextFor(db, self), { currentPassword: "temporary pass 1", newPassword: "my own password", confirmPassword: "my own password" })).toMatchObject({ ok: true });
    expect(await loadSessionActor(db, u.id, Date.now() + 1)).toMatchObject({ mustChangePassword: false });
    // An unticked box: the administrator keeps no demand on the user.
    expect(await resetPassword(contextFor(db, sys.actor), { userId: u.id, newPassword: "temporary pass 2", confirmPassword: "temporary pass 2", mustChange: "false" })).toMatchObject({ ok: true });
    expect(await loadSessionActor(db, u.id, Date.now() + 1)).toMatchObject({ mustChangePassword: false });
  });

  it("refuses other roles, the administrator's own account, unknown users and bad passwords, changing nothing", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const sec = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    const u = await makeUser(db, []);
    const hash = await hashOf(db, u.id);
    const input = { userId: u.id, newPassword: "temporary pass 1", confirmPassword: "temporary pass 1" };
    expect(await resetPassword(contextFor(db, sec.actor), input)).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await resetPassword(contextFor(db, u.actor), input)).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await resetPassword(contextFor(db, sys.actor), { ...input, userId: sys.id })).toMatchObject({ ok: false, error: { code: "admin.cannot_reset_own_password" } });
    expect(await resetPassword(contextFor(db, sys.actor), { ...input, userId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, error: { code: "auth.user_not_found" } });
    expect(await resetPassword(contextFor(db, sys.actor), { ...input, newPassword: "short", confirmPassword: "short" })).toMatchObject({ error: { fields: { newPassword: "auth.password_too_short" } } });
    expect(await resetPassword(contextFor(db, sys.actor), { ...input, confirmPassword: "temporary pass 2" })).toMatchObject({ error: { fields: { confirmPassword: "auth.password_mismatch" } } });
    expect(await resetPassword(contextFor(db, sys.actor), { ...input, userId: "nope" })).toMatchObject({ error: { fields: { userId: "validation.invalid_format" } } });
    expect(await hashOf(db, u.id)).toBe(hash);
    expect(await actionsOn(db, u.id)).not.toContain("user.password_reset");
  });
  it("refuses to reset the security or audit administrator's password, so the system administrator cannot take over another 三员 duty", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const other = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const input = { newPassword: "temporary pass 1", confirmPassword: "temporary pass 1" };
    for (const role of ["secadmin", "auditadmin"] as const) {
      const admin = await makeUser(db, [{ role, fondsId: null }]);
      const hash = await hashOf(db, admin.id);
      expect(await resetPassword(contextFor(db, sys.actor), { ...input, userId: admin.id })).toMatchObject({ ok: false, error: { code: "admin.cannot_reset_other_admin", params: { role } } });
      expect(await hashOf(db, admin.id)).toBe(hash);
      expect(await actionsOn(db, admin.id)).not.toContain("user.password_reset");
    }
    // Another system administrator's account is the system administrator's own duty.
    expect(await resetPassword(contextFor(db, sys.actor), { ...input, userId: other.id })).toMatchObject({ ok: true });
  });
});

describe("endSessions", () => {
  it("signs a user out everywhere, keeping the password, by their own hand or the system administrator's", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const u = await makeUser(db, []);
    const hash = await hashOf(db, u.id);
    const before = Date.now() - 1000;
    expect(await endSessions(contextFor(db, u.actor), { userId: u.id })).toMatchObject({ ok: true, value: { username: u.username } });
    expect(await loadSessionActor(db, u.id, before)).toBeNull();
    expect(await loadSessionActor(db, u.id, null)).toBeNull();
    // The password is untouched: signing in again opens a session that counts.
    expect(await hashOf(db, u.id)).toBe(hash);
    expect(await signsIn(db, u.username, u.password)).toBe(true);
    const again = Date.now() + 1;
    expect(await loadSessionActor(db, u.id, again)).toMatchObject({ userId: u.id });
    expect(await endSessions(contextFor(db, sys.actor, () => new Date(again + 1000)), { userId: u.id })).toMatchObject({ ok: true });
    expect(await loadSessionActor(db, u.id, again)).toBeNull();
    const audits = (await db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id)).orderBy(asc(auditEvents.id))).filter((e) => e.action === "auth.sessions_ended");
    expect(audits.map((e) => [e.actorId, e.data])).toEqual([
      [u.id, { username: u.username, own: true }],
      [sys.id, { username: u.username, own: false }],
    ]);
  });

  it("refuses another user's sessions to anyone but the system administrator, and unknown users, changing nothing", async () => {
    const { db } = testDb();
    const sec = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const [a, b] = [await makeUser(db, []), await makeUser(db, [])];
    const since = Date.now() - 1000;
    expect(await endSessions(contextFor(db, b.actor), { userId: a.id })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await endSessions(contextFor(db, sec.actor), { userId: a.id })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await endSessions(contextFor(db, sys.actor), { userId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, error: { code: "auth.user_not_found" } });
    expect(await endSessions(contextFor(db, sys.actor), { userId: "nope" })).toMatchObject({ error: { fields: { userId: "validation.invalid_format" } } });
    expect(await loadSessionActor(db, a.id, since)).toMatchObject({ userId: a.id });
    expect(await actionsOn(db, a.id)).not.toContain("auth.sessions_ended");
  });
});

describe("createUser's initial password", () => {
  it("must be replaced at the first sign-in when an administrator typed it, unless they say otherwise", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const ctx = contextFor(db, sys.actor);
    const stamp = Date.now();
    const typed = await createUser(ctx, { username: `typed_${stamp}`, displayName: "甲", password: "initial words 1" });
    const trusted = await createUser(ctx, { username: `trusted_${stamp}`, displayName: "乙", password: "initial words 1", mustChangePassword: "false" });
    const sso = await createUser(ctx, { username: `sso_${stamp}`, displayName: "丙", mustChangePassword: "true" });
    const flag = async (r: typeof typed) => (r.ok ? (await loadSessionActor(db, r.value.id, Date.now()))!.mustChangePassword : null);
    expect([await flag(typed), await flag(trusted), await flag(sso)]).toEqual([true, false, false]);
    // The system's own accounts (CLI, demo, test factories) are not asked.
    expect((await loadSessionActor(db, sys.id, Date.now()))!.mustChangePassword).toBe(false);
  });

  it("follows the same rules as any new password", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const ctx = contextFor(db, sys.actor);
    expect(await createUser(ctx, { username: "shorty", displayName: "丁", password: "short" })).toMatchObject({ error: { fields: { password: "auth.password_too_short" } } });
    expect(await createUser(ctx, { username: "sameasname", displayName: "戊", password: "SameAsName" })).toMatchObject({ error: { fields: { password: "auth.password_is_username" } } });
  });
});

describe("getAccount", () => {
  it("shows a user their own account and the system administrator anyone's, no one else", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const [a, b] = [await makeUser(db, []), await makeUser(db, [])];
    expect(await getAccount(contextFor(db, a.actor), a.id)).toMatchObject({ ok: true, value: { username: a.username, grants: [] } });
    expect(await getAccount(contextFor(db, sys.actor), a.id)).toMatchObject({ ok: true });
    expect(await getAccount(contextFor(db, b.actor), a.id)).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await getAccount(contextFor(db, sys.actor), "nope")).toMatchObject({ ok: false, error: { code: "auth.user_not_found" } });
  });
});

describe("password messages", () => {
  it.each(LOCALES)("word every refusal in %s, with the minimum length the rule enforces", (locale) => {
    for (const code of ["auth.password_too_short", "auth.password_is_username", "auth.password_mismatch", "auth.password_unchanged", "auth.wrong_current_password"]) {
      expect(formatMessage(locale, code)).not.toBe(code);
    }
    expect(formatMessage(locale, "auth.password_too_short")).toContain(String(PASSWORD_MIN_LENGTH));
  });
});
