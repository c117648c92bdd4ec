import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, roleAssignments, users } from "@/db/schema";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { listFonds } from "@/lib/admin/list-fonds";
import { loadActor } from "./load-actor";
import { listUsers } from "./list-users";
import { revokeRole } from "./revoke-role";
import { setUserActive } from "./set-user-active";

const auditOf = (db: ReturnType<typeof testDb>["db"], targetId: string) => db.select().from(auditEvents).where(eq(auditEvents.targetId, targetId)).orderBy(asc(auditEvents.id));

describe("revokeRole", () => {
  it("revokes a business role in one fonds, audits it, and the next request no longer carries it", async () => {
    const { db } = testDb();
    const [f1, f2] = [await makeFonds(db), await makeFonds(db)];
    const sec = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    const u = await makeUser(db, [{ role: "archivist", fondsId: f1.id }, { role: "archivist", fondsId: f2.id }]);
    const r = await revokeRole(contextFor(db, sec.actor), { userId: u.id, role: "archivist", fondsId: f1.id });
    expect(r.ok).toBe(true);
    expect((await loadActor(db, u.id))!.grants).toEqual([{ role: "archivist", fondsId: f2.id }]);
    const entries = (await auditOf(db, u.id)).filter((e) => e.action === "role.revoked");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: sec.id, actorAdminRole: "secadmin", fondsId: f1.id, data: { role: "archivist" } });
  });

  it("refuses what it cannot do with a code and changes nothing", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const sec = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const u = await makeUser(db, [{ role: "auditor", fondsId: f.id }]);
    const ctx = contextFor(db, sec.actor);
    expect(await revokeRole(ctx, { userId: u.id, role: "archivist", fondsId: f.id })).toMatchObject({ ok: false, error: { code: "admin.role_not_granted" } });
    expect(await revokeRole(ctx, { userId: sec.id, role: "secadmin", fondsId: null })).toMatchObject({ ok: false, error: { code: "admin.cannot_revoke_self" } });
    expect(await revokeRole(ctx, { userId: "not-a-uuid", role: "auditor" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { userId: "validation.invalid_format" } } });
    expect(await revokeRole(contextFor(db, sys.actor), { userId: u.id, role: "auditor", fondsId: f.id })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, u.id))).toHaveLength(1);
    expect((await auditOf(db, u.id)).filter((e) => e.action === "role.revoked")).toHaveLength(0);
  });
});

describe("setUserActive", () => {
  it("deactivates (the session stops working) and reactivates (clearing a lockout), auditing both", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const u = await makeUser(db, []);
    const ctx = contextFor(db, sys.actor);
    expect(await setUserActive(ctx, { userId: u.id, active: "false" })).toEqual({ ok: true, value: { id: u.id, active: false } });
    expect(await loadActor(db, u.id)).toBeNull();
    expect(await setUserActive(ctx, { userId: u.id, active: false })).toMatchObject({ ok: false, error: { code: "admin.user_already_inactive" } });
    await db.update(users).set({ failedAttempts: 5, lockedUntil: new Date(Date.now() + 600_000) }).where(eq(users.id, u.id));
    expect(await setUserActive(ctx, { userId: u.id, active: true })).toMatchObject({ ok: true });
    const [row] = await db.select().from(users).where(eq(users.id, u.id));
    expect(row).toMatchObject({ isActive: true, failedAttempts: 0, lockedUntil: null });
    expect((await auditOf(db, u.id)).map((e) => e.action).filter((a) => a.startsWith("user.") && a !== "user.created")).toEqual(["user.deactivated", "user.reactivated"]);
  });

  it("refuses self-deactivation, other roles and bad input, changing nothing", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const sec = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    const u = await makeUser(db, []);
    expect(await setUserActive(contextFor(db, sys.actor), { userId: sys.id, active: false })).toMatchObject({ ok: false, error: { code: "admin.cannot_deactivate_self" } });
    expect(await setUserActive(contextFor(db, sec.actor), { userId: u.id, active: false })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await setUserActive(contextFor(db, sys.actor), { userId: u.id, active: "maybe" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    expect(await setUserActive(contextFor(db, sys.actor), { userId: "00000000-0000-4000-8000-000000000000", active: false })).toMatchObject({ ok: false, error: { code: "auth.user_not_found" } });
    const rows = await db.select({ isActive: users.isActive }).from(users).where(and(eq(users.id, u.id)));
    expect(rows).toEqual([{ isActive: true }]);
    expect((await auditOf(db, u.id)).map((e) => e.action)).toEqual(["user.created"]);
  });
});

describe("admin lists", () => {
  it("lists users with their grants and fonds codes for the system and security administrators only", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const sec = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    const u = await makeUser(db, [{ role: "accountant", fondsId: f.id }]);
    for (const actor of [sys.actor, sec.actor]) {
      const r = await listUsers(contextFor(db, actor));
      expect(r.ok && r.value.find((x) => x.id === u.id)).toMatchObject({ username: u.username, isActive: true, grants: [{ role: "accountant", fondsId: f.id, fondsCode: f.code }] });
    }
    expect(await listUsers(contextFor(db, u.actor))).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
  });

  it("lists fonds with their schedule for administrators", async () => {
    const { db } = testDb();
    const f = await makeFonds(db, "public_sector");
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const r = await listFonds(contextFor(db, sys.actor));
    expect(r.ok && r.value.find((x) => x.id === f.id)).toMatchObject({ code: f.code, schedule: "public_sector", parentCode: null });
    const borrower = await makeUser(db, [{ role: "borrower", fondsId: f.id }]);
    expect(await listFonds(contextFor(db, borrower.actor))).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
  });
});
