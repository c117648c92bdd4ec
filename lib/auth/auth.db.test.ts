import { asc, eq, gte } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, roleAssignments, signInThrottle, users } from "@/db/schema";
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

  // Lockout and the remaining count must not tell a real username from one that is no account: the answers
  // of one known user and of names that are none are collected side by side and must be equal throughout.
  const answersOf = async (db: ReturnType<typeof testDb>["db"], username: string, password: string, times: readonly string[]) => {
    const answers = [];
    for (const iso of times) answers.push(await signIn({ db, now: at(iso), request: req }, { username, password }));
    return answers;
  };
  const LOCKOUT_SEQUENCE = [
    ...["00", "01", "02", "03", "04"].map((s) => `2026-02-01T09:00:${s}Z`), // five wrong in a row: the fifth locks
    "2026-02-01T09:01:05Z", // locked: 13 min 59 s left, shown as 14
    "2026-02-01T09:14:30Z", // locked: 1 minute left
    "2026-02-01T09:15:05Z", // the lock is over: the count starts again
  ];

  it("answers a name that is no account exactly like a known one: same remaining counts, same lock for 15 minutes", async () => {
    const { db } = testDb();
    const known = await makeUser(db, []);
    const unknown = `nobody-${known.username}`;
    const expected = [4, 3, 2, 1].map((remaining) => ({ ok: false, error: { code: "auth.invalid_credentials", params: { remaining } } }));
    const knownAnswers = await answersOf(db, known.username, "wrong", LOCKOUT_SEQUENCE);
    expect(knownAnswers).toEqual([
      ...expected,
      { ok: false, error: { code: "auth.locked", params: { minutes: LOCK_MINUTES } } },
      { ok: false, error: { code: "auth.locked", params: { minutes: 14 } } },
      { ok: false, error: { code: "auth.locked", params: { minutes: 1 } } },
      { ok: false, error: { code: "auth.invalid_credentials", params: { remaining: 4 } } },
    ]);
    expect(await answersOf(db, unknown, "wrong", LOCKOUT_SEQUENCE)).toEqual(knownAnswers);
    // Names are compared as accounts are: case and surrounding spaces aside.
    expect(await answersOf(db, `  ${unknown.toUpperCase()} `, "wrong", ["2026-02-01T09:15:06Z"])).toEqual([{ ok: false, error: { code: "auth.invalid_credentials", params: { remaining: 3 } } }]);
  });

  it("throttles a deactivated account like any other name, and keeps no typed name that is no account in clear", async () => {
    const { db } = testDb();
    const inactive = await makeUser(db, []);
    await db.update(users).set({ isActive: false }).where(eq(users.id, inactive.id));
    const five = ["00", "01", "02", "03", "04"].map((s) => `2026-03-01T10:00:${s}Z`);
    expect((await answersOf(db, inactive.username, inactive.password, five)).map((r) => !r.ok && r.error)).toEqual([
      ...[4, 3, 2, 1].map((remaining) => ({ code: "auth.invalid_credentials", params: { remaining } })),
      { code: "auth.locked", params: { minutes: LOCK_MINUTES } },
    ]);

    // Someone who typed their password into the username field: the trail keeps only a keyed digest of it.
    const typed = `Pa55-${inactive.id}`;
    await answersOf(db, typed, "x", ["2026-03-01T10:00:00Z", "2026-03-01T10:00:01Z"]);
    const entries = await db.select().from(auditEvents).where(eq(auditEvents.occurredAt, new Date("2026-03-01T10:00:01Z")));
    const unknownEntry = entries.find((e) => e.data.reason === "unknown_user");
    expect(unknownEntry).toMatchObject({ action: "auth.sign_in_failed", targetId: null, data: { reason: "unknown_user", attempts: 2, usernameDigest: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(JSON.stringify(entries)).not.toContain(typed);
    expect(JSON.stringify(entries).toLowerCase()).not.toContain(typed.toLowerCase());
    const stored = await db.select().from(signInThrottle);
    expect(JSON.stringify(stored).toLowerCase()).not.toContain(typed.toLowerCase());
    // A deactivated account's name is a real one: its entries still name it, and the account they concern.
    expect(entries.find((e) => e.targetId === inactive.id)?.data).toMatchObject({ reason: "inactive", username: inactive.username });
  });

  it("forgets the throttle of a name that is no account once its lock is over, and only then", async () => {
    const { db } = testDb();
    const name = `gone-${crypto.randomUUID()}`;
    await answersOf(db, name, "x", ["00", "01", "02", "03", "04"].map((s) => `2026-04-01T10:00:${s}Z`));
    const rows = async () => db.select().from(signInThrottle).where(gte(signInThrottle.lockedUntil, new Date("2026-04-01T10:15:00Z")));
    expect(await rows()).toHaveLength(1);
    // Another name's failure, after the lock is over, clears the spent row: it tells no more than no row does.
    await answersOf(db, `other-${name}`, "x", ["2026-04-01T10:16:00Z"]);
    expect(await rows()).toHaveLength(0);
    expect(await answersOf(db, name, "x", ["2026-04-01T10:16:01Z"])).toEqual([{ ok: false, error: { code: "auth.invalid_credentials", params: { remaining: 4 } } }]);
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
