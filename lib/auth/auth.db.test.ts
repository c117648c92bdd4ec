import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, roleAssignments, users } from "@/db/schema";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { grantRole } from "./grant-role";
import { can } from "./permissions";
import { LOCK_MINUTES, signIn } from "./sign-in";

const at = (iso: string) => () => new Date(iso);
const req = { ip: "127.0.0.1", userAgent: "vitest" };

describe("sign-in", () => {
  it("accepts the right password and audits it", async () => {
    const { db } = testDb();
    const u = await makeUser(db, []);
    const r = await signIn({ db, now: at("2026-01-01T00:00:00Z"), request: req }, { username: u.username.toUpperCase(), password: u.password });
    expect(r).toEqual({ ok: true, value: { userId: u.id } });
    const events = await db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id)).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toContain("auth.signed_in");
  });

  it("locks the account for 15 minutes after five failures, refusing even the right password", async () => {
    const { db } = testDb();
    const u = await makeUser(db, []);
    const ctx = { db, now: at("2026-01-01T08:00:00Z"), request: req };
    for (let i = 1; i <= 4; i++) {
      expect(await signIn(ctx, { username: u.username, password: "wrong" })).toMatchObject({ ok: false, error: { code: "auth.invalid_credentials", params: { remaining: 5 - i } } });
    }
    expect(await signIn(ctx, { username: u.username, password: "wrong" })).toMatchObject({ ok: false, error: { code: "auth.locked", params: { minutes: LOCK_MINUTES } } });
    expect(await signIn(ctx, { username: u.username, password: u.password })).toMatchObject({ ok: false, error: { code: "auth.locked" } });
    const later = { ...ctx, now: at("2026-01-01T08:14:00Z") };
    expect(await signIn(later, { username: u.username, password: u.password })).toMatchObject({ ok: false, error: { code: "auth.locked", params: { minutes: 1 } } });
    const afterLock = { ...ctx, now: at("2026-01-01T08:15:01Z") };
    expect(await signIn(afterLock, { username: u.username, password: u.password })).toMatchObject({ ok: true });
    const [row] = await db.select().from(users).where(eq(users.id, u.id));
    expect(row!.failedAttempts).toBe(0);
  });

  it("answers an unknown user exactly like a wrong password", async () => {
    const { db } = testDb();
    const r = await signIn({ db, now: () => new Date(), request: req }, { username: "nobody-here", password: "x" });
    expect(r).toEqual({ ok: false, error: { code: "auth.invalid_credentials" } });
  });
});

describe("roles", () => {
  it("keeps the three administrator roles apart, in the service and in the database", async () => {
    const { db, sql } = testDb();
    const u = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const r = await grantRole(systemContext(db), { userId: u.id, role: "auditadmin", fondsId: null });
    expect(r).toMatchObject({ ok: false, error: { code: "auth.admin_roles_exclusive" } });
    await expect(sql`insert into role_assignments (user_id, role) values (${u.id}, 'secadmin')`).rejects.toThrow(/only one of the three/);
    const roles = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, u.id));
    expect(roles.map((x) => x.role)).toEqual(["sysadmin"]);
  });

  it("grants business roles per fonds and admin roles installation-wide", async () => {
    const { db } = testDb();
    const a = await makeFonds(db);
    const b = await makeFonds(db);
    const archivist = await makeUser(db, [{ role: "archivist", fondsId: a.id }]);
    expect(can(archivist.actor, "record.read", a.id)).toBe(true);
    expect(can(archivist.actor, "record.read", b.id)).toBe(false);
    const sysadmin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    expect(can(sysadmin.actor, "admin.users")).toBe(true);
    // 三员 cannot read archive content without a business role.
    expect(can(sysadmin.actor, "record.read", a.id)).toBe(false);
    expect(await grantRole(systemContext(db), { userId: sysadmin.id, role: "sysadmin", fondsId: a.id })).toMatchObject({ ok: false, error: { code: "auth.admin_role_is_global" } });
    expect(await grantRole(systemContext(db), { userId: archivist.id, role: "auditor", fondsId: null })).toMatchObject({ ok: false, error: { code: "auth.business_role_needs_fonds" } });
  });

  it("lets only the security administrator grant roles", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const target = await makeUser(db, []);
    const sysadmin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const secadmin = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    expect(await grantRole(contextFor(db, sysadmin.actor), { userId: target.id, role: "archivist", fondsId: f.id })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await grantRole(contextFor(db, secadmin.actor), { userId: target.id, role: "archivist", fondsId: f.id })).toMatchObject({ ok: true });
    expect(await grantRole(contextFor(db, secadmin.actor), { userId: secadmin.id, role: "archivist", fondsId: f.id })).toMatchObject({ ok: false, error: { code: "auth.cannot_grant_self" } });
  });
});
