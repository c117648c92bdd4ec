import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { contextFor, makeFonds, makeUser, unique } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { createUser } from "@/lib/auth/create-user";
import type { Actor } from "@/lib/context";
import type { AuditAction } from "./actions";
import { appendAudit } from "./append-audit";
import { checkAuditChain } from "./check-audit-chain";
import { listAuditEvents } from "./list-audit-events";

async function businessEntry(actor: Actor, fondsId: string, at: string, action: AuditAction = "record.viewed") {
  const { db } = testDb();
  await db.transaction((tx) => appendAudit(tx, contextFor(db, actor, () => new Date(at)), { action, targetType: "record", targetId: unique("r"), fondsId }));
}

async function setup() {
  const { db } = testDb();
  const [f1, f2] = [await makeFonds(db), await makeFonds(db)];
  const clerk = await makeUser(db, [{ role: "archivist", fondsId: f1.id }, { role: "archivist", fondsId: f2.id }]);
  const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
  const auditadmin = await makeUser(db, [{ role: "auditadmin", fondsId: null }]);
  const sec = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
  const auditor = await makeUser(db, [{ role: "auditor", fondsId: f1.id }]);
  const created = unique("n_");
  await createUser(contextFor(db, sys.actor), { username: created, displayName: "新用户" });
  // 2030-01-01T16:30Z is 2030-01-02 00:30 in Shanghai: the day filters must read it as the 2nd.
  await businessEntry(clerk.actor, f1.id, "2030-01-01T16:30:00Z");
  await businessEntry(clerk.actor, f2.id, "2030-01-03T02:00:00Z");
  return { db, f1, f2, clerk, sys, auditadmin, sec, auditor, created };
}

describe("listAuditEvents", () => {
  it("gives each reader only their 三员 scope", async () => {
    const s = await setup();
    const read = async (actor: Actor, filter: Record<string, unknown>) => {
      const r = await listAuditEvents(contextFor(s.db, actor), filter);
      if (!r.ok) throw new Error(r.error.code);
      return r.value;
    };
    const adminView = await read(s.auditadmin.actor, { actor: s.sys.username });
    expect(adminView.items.map((e) => e.action)).toEqual(["user.created"]);
    expect(adminView.items[0]).toMatchObject({ actorAdminRole: "sysadmin", data: { username: s.created } });
    expect((await read(s.auditadmin.actor, { actor: s.clerk.username })).total).toBe(0);

    const secView = await read(s.sec.actor, { actor: s.clerk.username, action: "record.viewed" });
    expect(secView.items.map((e) => e.fondsId).sort()).toEqual([s.f1.id, s.f2.id].sort());
    expect((await read(s.sec.actor, { actor: s.sys.username })).total).toBe(0);

    const auditorView = await read(s.auditor.actor, { actor: s.clerk.username, action: "record.viewed" });
    expect(auditorView.items.map((e) => e.fondsId)).toEqual([s.f1.id]);
    expect(auditorView.scope).toEqual({ admin: false, business: [s.f1.id] });

    expect(await listAuditEvents(contextFor(s.db, s.clerk.actor), {})).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
  });

  it("filters by Shanghai calendar days, target and pages on the server", async () => {
    const s = await setup();
    const ctx = contextFor(s.db, s.sec.actor);
    const days = async (from: string, to: string) => {
      const r = await listAuditEvents(ctx, { actor: s.clerk.username, from, to });
      return r.ok ? r.value.items.map((e) => e.fondsId) : r.error.code;
    };
    expect(await days("2030-01-02", "2030-01-02")).toEqual([s.f1.id]);
    expect(await days("2030-01-01", "2030-01-01")).toEqual([]);
    expect(await days("2030-01-02", "2030-01-03")).toEqual([s.f2.id, s.f1.id]);
    expect(await listAuditEvents(ctx, { from: "2030-01-03", to: "2030-01-02" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { to: "validation.custom" } } });
    expect(await listAuditEvents(ctx, { from: "yesterday" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });

    const [entry] = await s.db.select().from(auditEvents).where(and(eq(auditEvents.actorId, s.clerk.id), eq(auditEvents.fondsId, s.f2.id)));
    const byTarget = await listAuditEvents(ctx, { targetType: "record", targetId: entry!.targetId });
    expect(byTarget.ok && byTarget.value.items.map((e) => e.id)).toEqual([entry!.id]);

    const page1 = await listAuditEvents(ctx, { pageSize: 10 });
    const page2 = await listAuditEvents(ctx, { pageSize: 10, page: 2 });
    if (!page1.ok || !page2.ok) throw new Error("paging failed");
    expect(page1.value.items).toHaveLength(10);
    expect(page1.value.total).toBeGreaterThan(10);
    expect(page2.value.items[0]!.id).toBeLessThan(page1.value.items[9]!.id);
  });
});

describe("checkAuditChain", () => {
  it("lets only the audit administrator verify, and records that the check ran", async () => {
    const { db, sql } = testDb();
    const auditadmin = await makeUser(db, [{ role: "auditadmin", fondsId: null }]);
    const sec = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    expect(await checkAuditChain(contextFor(db, sec.actor), sql)).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    const r = await checkAuditChain(contextFor(db, auditadmin.actor), sql);
    expect(r.ok && r.value.count).toBeGreaterThan(0);
    const entries = await db.select().from(auditEvents).where(and(eq(auditEvents.actorId, auditadmin.id), eq(auditEvents.action, "audit.chain_verified")));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({ ok: r.ok && r.value.ok });
  });
});
