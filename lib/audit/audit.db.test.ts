import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { appendAudit } from "./append-audit";
import { verifyAuditChain } from "./verify-chain";

describe("audit trail", () => {
  it("chains every entry to the one before and verifies intact", async () => {
    const { db, sql: pg } = testDb();
    const { id: fondsId } = await makeFonds(db);
    const user = await makeUser(db, [{ role: "archivist", fondsId }]);
    const ctx = contextFor(db, user.actor);
    await db.transaction(async (tx) => {
      await appendAudit(tx, ctx, { action: "record.viewed", fondsId, data: { b: 2, a: { z: "一", y: [1, 2] } } });
      await appendAudit(tx, ctx, { action: "record.file_downloaded", fondsId, data: { amount: "12.30" } });
    });
    const rows = await pg`select id, prev_hash, hash from audit_events order by id desc limit 2`;
    expect(rows[0]!.prev_hash).toBe(rows[1]!.hash);
    const verdict = await verifyAuditChain(pg);
    expect(verdict.ok).toBe(true);
    expect(verdict.count).toBeGreaterThan(2);
  });

  it("records text PostgreSQL's jsonb cannot hold (a NUL, half an emoji) visibly replaced, instead of failing the change it belongs to", async () => {
    const { db, sql: pg } = testDb();
    const { id: fondsId } = await makeFonds(db);
    const user = await makeUser(db, [{ role: "archivist", fondsId }]);
    const ctx = contextFor(db, user.actor);
    const targetId = randomUUID();
    await db.transaction((tx) => appendAudit(tx, ctx, { action: "approval.decided", fondsId, targetId, data: { comment: "同意\u0000附件\ud83d见OA", ["key\u0000"]: ["\udc00"] } }));
    const [row] = await pg<{ data: Record<string, unknown> }[]>`select data from audit_events where target_id = ${targetId}`;
    expect(row!.data).toEqual({ comment: "同意\u2400附件\ufffd见OA", ["key\u2400"]: ["\ufffd"] });
    expect((await verifyAuditChain(pg)).ok).toBe(true);
  });

  it("stays one intact chain when many transactions append at once, whatever characters the entries hold", async () => {
    const { db, sql: pg } = testDb();
    const { id: fondsId } = await makeFonds(db);
    const user = await makeUser(db, [{ role: "archivist", fondsId }]);
    const ctx = { ...contextFor(db, user.actor), request: { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (档案; ü) 📁" } };
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction(async (tx) => {
          await appendAudit(tx, ctx, { action: "record.viewed", fondsId, targetType: "record", targetId: randomUUID(), data: { i, summary: "差旅费报销\t“引号”\\ 😀", nested: { é: null, list: [i, "〇"] } } });
          await appendAudit(tx, ctx, { action: "record.file_downloaded", fondsId, data: { i, amount: "1234.50" } });
        }),
      ),
    );
    const rows = await pg`select prev_hash, hash from audit_events order by id`;
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const verdict = await verifyAuditChain(pg);
    expect(verdict).toMatchObject({ ok: true });
  });

  it("is refused UPDATE, DELETE and TRUNCATE by the database itself", async () => {
    const { sql: pg } = testDb();
    await expect(pg`update audit_events set action = 'forged'`).rejects.toThrow(/append-only/);
    await expect(pg`delete from audit_events`).rejects.toThrow(/append-only/);
    await expect(pg`truncate audit_events`).rejects.toThrow(/append-only/);
  });

  it("writes nothing when the surrounding transaction rolls back", async () => {
    const { db, sql: pg } = testDb();
    // Looked for by its own target, not by counting the whole table, which any other writer would change.
    const marker = randomUUID();
    let inside = 0;
    await db
      .transaction(async (tx) => {
        await appendAudit(tx, contextFor(db, null), { action: "record.viewed", targetType: "record", targetId: marker });
        inside = (await tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_events where target_id = ${marker}`))[0]!.n;
        throw new Error("abort");
      })
      .catch(() => {});
    const after = (await pg<{ n: number }[]>`select count(*)::int as n from audit_events where target_id = ${marker}`)[0]?.n;
    expect([inside, after]).toEqual([1, 0]);
  });

  it("names the first tampered entry when a superuser bypasses the guard", async () => {
    const { db, sql: pg } = testDb();
    const victimId = randomUUID();
    await db.transaction((tx) => appendAudit(tx, contextFor(db, null), { action: "record.custody_updated", targetType: "record", targetId: victimId, data: { amount: "100.00" } }));
    await db.transaction((tx) => appendAudit(tx, contextFor(db, null), { action: "record.viewed" }));
    const [victim] = await pg`select id from audit_events where target_id = ${victimId}`;
    // session_replication_role = replica skips ordinary triggers: only a superuser can do this.
    await pg.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_events set data = '{"amount":"1.00"}' where id = ${victim!.id}`;
    });
    const verdict = await verifyAuditChain(pg);
    expect(verdict).toMatchObject({ ok: false, brokenAt: { id: Number(victim!.id), reason: "hash_mismatch" } });
    // Put it back so later tests (and audit:verify after the run) see an intact chain.
    await pg.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_events set data = '{"amount":"100.00"}' where id = ${victim!.id}`;
    });
    expect((await verifyAuditChain(pg)).ok).toBe(true);
  });

  it("says between which entries the chain breaks when a superuser deletes one", async () => {
    const { db, sql: pg } = testDb();
    const marker = randomUUID();
    for (const step of ["before", "deleted", "after"]) {
      await db.transaction((tx) => appendAudit(tx, contextFor(db, null), { action: "record.viewed", targetType: "record", targetId: `${marker}-${step}` }));
    }
    const ids = Object.fromEntries(
      (await pg<{ id: string; target_id: string }[]>`select id, target_id from audit_events where target_id like ${`${marker}-%`}`).map((r) => [r.target_id.slice(marker.length + 1), Number(r.id)]),
    );
    const [gone] = await pg`select * from audit_events where id = ${ids.deleted!}`;
    await pg.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`delete from audit_events where id = ${ids.deleted!}`;
    });
    // The entry after the gap no longer links up; the one before it is the last intact entry, and both are named.
    const verdict = await verifyAuditChain(pg);
    await pg.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`insert into audit_events overriding system value select * from jsonb_populate_record(null::audit_events, ${JSON.stringify(gone)}::jsonb)`;
    });
    expect(verdict).toMatchObject({ ok: false, brokenAt: { id: ids.after, reason: "prev_hash_mismatch", previousId: ids.before } });
    expect((await verifyAuditChain(pg)).ok).toBe(true);
  });

  it("names no previous entry when the very first one is broken", async () => {
    const { sql: pg } = testDb();
    const [first] = await pg<{ id: string; prev_hash: string }[]>`select id, prev_hash from audit_events order by id limit 1`;
    await pg.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_events set prev_hash = ${"f".repeat(64)} where id = ${first!.id}`;
    });
    const verdict = await verifyAuditChain(pg);
    await pg.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_events set prev_hash = ${first!.prev_hash} where id = ${first!.id}`;
    });
    expect(verdict).toMatchObject({ ok: false, count: 0, brokenAt: { id: Number(first!.id), reason: "prev_hash_mismatch", previousId: null } });
    expect((await verifyAuditChain(pg)).ok).toBe(true);
  });

  it("goes on past a known break, so tampering after it is still found", async () => {
    const { db, sql: pg } = testDb();
    const marker = randomUUID();
    for (const step of ["first", "between", "second", "last"]) {
      await db.transaction((tx) => appendAudit(tx, contextFor(db, null), { action: "record.custody_updated", targetType: "record", targetId: `${marker}-${step}`, data: { step } }));
    }
    const ids = Object.fromEntries(
      (await pg<{ id: string; target_id: string }[]>`select id, target_id from audit_events where target_id like ${`${marker}-%`}`).map((r) => [r.target_id.slice(marker.length + 1), Number(r.id)]),
    );
    const tamper = (data: (step: string) => string) =>
      pg.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        for (const step of ["first", "second"]) await tx`update audit_events set data = ${data(step)}::jsonb where id = ${ids[step]!}`;
      });
    // One break found years ago and reported stays in the chain for good; the check must not stop seeing past it.
    await tamper((step) => JSON.stringify({ step: `${step} (forged)` }));
    const verdict = await verifyAuditChain(pg);
    await tamper((step) => JSON.stringify({ step }));
    expect(verdict).toMatchObject({
      ok: false,
      brokenAt: { id: ids.first, reason: "hash_mismatch" },
      breakCount: 2,
      breaks: [
        { id: ids.first, reason: "hash_mismatch" },
        { id: ids.second, reason: "hash_mismatch", previousId: ids.between },
      ],
    });
    expect((await verifyAuditChain(pg)).ok).toBe(true);
  });
});
