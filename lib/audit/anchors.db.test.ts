import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { and, desc, eq, gt } from "drizzle-orm";
import PgBoss from "pg-boss";
import { describe, expect, inject, it } from "vitest";
import { auditAnchors, auditEvents, notifications } from "@/db/schema";
import { asOwner, rewriteHistory } from "@/db/test/audit-tamper";
import { contextFor, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { QUEUES } from "@/lib/jobs/queues";
import { prepareQueues, workAuditAnchors } from "@/lib/jobs/worker";
import { AUDIT_ANCHOR_CRON, anchorAuditChain, runScheduledAuditAnchor } from "./anchor-audit-chain";
import { anchorFile } from "./anchor-file";
import { appendAudit } from "./append-audit";
import { lastAuditAnchor } from "./last-audit-anchor";
import { verifyAuditChain } from "./verify-chain";

async function appendMarked(marker: string, data: Record<string, unknown> = {}) {
  const { db, sql: pg } = testDb();
  await db.transaction((tx) => appendAudit(tx, systemContext(db), { action: "record.custody_updated", targetType: "record", targetId: marker, data }));
  const [row] = await pg<{ id: string }[]>`select id from audit_events where target_id = ${marker}`;
  return Number(row!.id);
}

async function anchoredNow() {
  const outcome = await runScheduledAuditAnchor(testDb().db);
  if (!outcome.written) throw new Error(`nothing anchored: ${outcome.reason}`);
  return outcome.anchor;
}

/** Changes the anchor file for one check and puts it back, so the rest of the run sees it whole. */
async function withAnchorFile<T>(change: (text: string) => string | null, check: () => Promise<T>): Promise<T> {
  const file = anchorFile().path;
  const original = await readFile(file, "utf8");
  const changed = change(original);
  if (changed === null) await rename(file, `${file}.away`);
  else await writeFile(file, changed);
  try {
    return await check();
  } finally {
    if (changed === null) await rename(`${file}.away`, file);
    else await writeFile(file, original);
  }
}

describe("audit anchors", () => {
  it("an anchored chain verifies, each anchor written once per head, outside the database and on record", async () => {
    const { db, sql: pg } = testDb();
    const admin = await makeUser(db, [{ role: "auditadmin", fondsId: null }]);
    const security = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    expect(await anchorAuditChain(contextFor(db, security.actor))).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });

    const head = await appendMarked(randomUUID());
    const scheduled = await anchoredNow();
    expect(scheduled).toMatchObject({ entryId: head });
    // Nothing appended since: the scheduled job has nothing new to say, and writes nothing.
    expect(await runScheduledAuditAnchor(db)).toEqual({ written: false, reason: "unchanged" });

    await appendMarked(randomUUID());
    const asked = await anchorAuditChain(contextFor(db, admin.actor));
    expect(asked).toMatchObject({ ok: true, value: { written: true } });
    const anchor = asked.ok && asked.value.written ? asked.value.anchor : null;
    const [count] = await pg<{ n: string }[]>`select count(*) as n from audit_events where id <= ${anchor!.entryId}`;
    expect(anchor!.entryCount).toBe(Number(count!.n));
    // An administrator's anchor is on the trail; its entry is the next anchor's, which is not (no loop).
    const [entry] = await db.select().from(auditEvents).where(eq(auditEvents.actorId, admin.id));
    expect(entry).toMatchObject({ action: "audit.anchor_written", data: { seq: anchor!.seq, entryId: anchor!.entryId } });
    expect(await anchoredNow()).toMatchObject({ entryId: entry!.id });
    expect(await runScheduledAuditAnchor(db)).toEqual({ written: false, reason: "unchanged" });

    const lines = (await readFile(anchorFile().path, "utf8")).trimEnd().split("\n");
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ entryId: entry!.id, seq: anchor!.seq + 1 });
    const [recorded] = await db.select().from(auditAnchors).orderBy(desc(auditAnchors.seq)).limit(1);
    expect(recorded).toMatchObject({ seq: anchor!.seq + 1, entryId: entry!.id, anchoredBy: null });
    await expect(pg`update audit_anchors set entry_hash = 'x'`).rejects.toThrow(/audit_anchors is append-only/);
    // What the audit page shows of it, to the audit administrator only.
    expect(await lastAuditAnchor(contextFor(db, admin.actor))).toMatchObject({ ok: true, value: { seq: anchor!.seq + 1, entryId: entry!.id } });
    expect(await lastAuditAnchor(contextFor(db, security.actor))).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });

    const verdict = await verifyAuditChain(pg);
    expect(verdict).toMatchObject({ ok: true, brokenAt: null, anchors: { problemCount: 0, last: { seq: anchor!.seq + 1, entryId: entry!.id } } });
    expect(verdict.anchors.checked).toBe(anchor!.seq + 1);
  });

  it("detects a history rewritten with every later hash recomputed, which the links alone cannot", async () => {
    const { sql: pg } = testDb();
    const victim = await appendMarked(randomUUID(), { amount: "100.00" });
    await appendMarked(randomUUID());
    const anchor = await anchoredNow();
    await appendMarked(randomUUID());

    const restore = await rewriteHistory(pg, victim, { amount: "1.00" });
    const verdict = await verifyAuditChain(pg);
    await restore();
    // Every link holds: the chain alone says nothing. The anchor still names the old head's hash.
    expect(verdict).toMatchObject({ ok: false, brokenAt: null, breakCount: 0 });
    expect(verdict.anchors.problems).toContainEqual(expect.objectContaining({ kind: "hash_mismatch", seq: anchor.seq, entryId: anchor.entryId }));
    expect(await verifyAuditChain(pg)).toMatchObject({ ok: true });
  });

  it("detects a cut-off tail that held an anchored entry, and an entry deleted before an anchor", async () => {
    const { sql: pg } = testDb();
    const first = await appendMarked(randomUUID());
    const middle = await appendMarked(randomUUID());
    const anchor = await anchoredNow();
    const gone = await pg`select * from audit_events where id >= ${first} order by id`;
    const putBack = () =>
      asOwner(pg, async (tx) => {
        for (const row of gone) await tx`insert into audit_events overriding system value select * from jsonb_populate_record(null::audit_events, ${JSON.stringify(row)}::jsonb) on conflict do nothing`;
      });

    await asOwner(pg, (tx) => tx`delete from audit_events where id >= ${middle}`);
    // The next anchor names the shorter chain's head, an entry the walk passes before the older anchor's.
    const reanchored = await anchoredNow();
    const cut = await verifyAuditChain(pg);
    await putBack();
    expect(reanchored.entryId).toBe(first);
    expect(cut).toMatchObject({ ok: false, brokenAt: null, anchors: { last: { seq: reanchored.seq } } });
    expect(cut.anchors.problems).toEqual([{ kind: "entry_missing", seq: anchor.seq, anchoredAt: expect.any(String), entryId: anchor.entryId }]);

    // Deleted without recomputing: the link breaks, and the anchor counts one entry fewer up to its own.
    await asOwner(pg, (tx) => tx`delete from audit_events where id = ${first}`);
    const deleted = await verifyAuditChain(pg);
    await putBack();
    expect(deleted.brokenAt).toMatchObject({ id: middle, reason: "prev_hash_mismatch" });
    expect(deleted.anchors.problems).toContainEqual({ kind: "count_mismatch", seq: anchor.seq, anchoredAt: expect.any(String), entryId: anchor.entryId, anchored: anchor.entryCount, found: anchor.entryCount - 1 });
    expect(await verifyAuditChain(pg)).toMatchObject({ ok: true });
  });

  it("detects a forged or altered anchor line, a removed one, and will not write after a forged last line", async () => {
    const { db, sql: pg } = testDb();
    const admin = await makeUser(db, [{ role: "auditadmin", fondsId: null }]);
    await appendMarked(randomUUID());
    await anchoredNow();
    await appendMarked(randomUUID());
    const anchor = await anchoredNow();
    const lineCount = (text: string) => text.trimEnd().split("\n").length;

    // Someone who can write the file but lacks the key moves the last anchor to a rewritten head's hash.
    const forged = await withAnchorFile(
      (text) => text.replace(`"hash":"${anchor.entryHash}"`, `"hash":"${"a".repeat(64)}"`),
      async () => ({ verdict: await verifyAuditChain(pg), written: await anchorAuditChain(contextFor(db, admin.actor)) }),
    );
    const lines = lineCount(await readFile(anchorFile().path, "utf8"));
    expect(forged.verdict).toMatchObject({ ok: false, brokenAt: null, anchors: { problems: [{ kind: "forged_line", line: lines }] } });
    expect(forged.written).toMatchObject({ ok: false, error: { code: "audit.anchor_file_damaged" } });

    const removed = await withAnchorFile(
      (text) => text.split("\n").filter((_, i) => i !== lines - 2).join("\n"),
      () => verifyAuditChain(pg),
    );
    expect(removed).toMatchObject({ ok: false, brokenAt: null });
    expect(removed.anchors.problems).toEqual([
      { kind: "out_of_sequence", line: lines - 1 },
      { kind: "file_truncated", recorded: anchor.seq, found: lines - 1 },
    ]);
    expect(await verifyAuditChain(pg)).toMatchObject({ ok: true });
  });

  it("reports an anchor file removed or truncated while the database says anchors were written, and anchors no more", async () => {
    const { db, sql: pg } = testDb();
    await appendMarked(randomUUID());
    const anchor = await anchoredNow();
    await appendMarked(randomUUID());

    const missing = await withAnchorFile(
      () => null,
      async () => ({ verdict: await verifyAuditChain(pg), job: await runScheduledAuditAnchor(db).catch((e: Error) => e.message) }),
    );
    expect(missing.verdict).toMatchObject({ ok: false, anchors: { checked: 0, problems: [{ kind: "file_missing", recorded: anchor.seq, found: 0 }] } });
    expect(missing.job).toContain("audit.anchor_file_missing");

    const truncated = await withAnchorFile(
      (text) => `${text.trimEnd().split("\n").slice(0, -1).join("\n")}\n`,
      () => verifyAuditChain(pg),
    );
    expect(truncated).toMatchObject({ ok: false, anchors: { problems: [{ kind: "file_truncated", recorded: anchor.seq, found: anchor.seq - 1 }] } });
    expect(await verifyAuditChain(pg)).toMatchObject({ ok: true });
  });

  it("tells the system and audit administrators once per failing streak of the schedule, and when anchoring works again", async () => {
    const { db } = testDb();
    // From a good anchor on (an earlier test's failure is its own streak, ended here).
    await appendMarked(randomUUID());
    const before = await anchoredNow();
    const sysadmin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const auditor = await makeUser(db, [{ role: "auditadmin", fondsId: null }]);
    const told = (userId: string, kind: string) => db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
    const failedEntries = () => db.select().from(auditEvents).where(and(eq(auditEvents.action, "audit.anchor_failed"), gt(auditEvents.id, before.entryId)));
    // The file Acta must append to cannot be written (here: a folder stands in its place).
    const unwritable = async <T>(check: () => Promise<T>) => {
      const file = anchorFile().path;
      await rename(file, `${file}.away`);
      await mkdir(file);
      try {
        return await check();
      } finally {
        await rm(file, { recursive: true });
        await rename(`${file}.away`, file);
      }
    };

    await unwritable(async () => {
      for (let hour = 0; hour < 3; hour++) {
        await appendMarked(randomUUID());
        await expect(runScheduledAuditAnchor(db)).rejects.toThrow(/audit\.anchor_file_unusable/);
      }
      // The audit administrator's "anchor now" says why, without throwing.
      const asked = await anchorAuditChain(contextFor(db, auditor.actor));
      expect(asked).toMatchObject({ ok: false, error: { code: "audit.anchor_file_unusable", params: { file: anchorFile().path, reason: "EISDIR" } } });
    });
    const [sysNotice] = await told(sysadmin.id, "audit.notification.anchor_failed");
    expect(sysNotice).toMatchObject({ link: "/admin", params: { problem: "anchor_file_unusable", file: anchorFile().path, reason: "EISDIR" } });
    expect(await told(sysadmin.id, "audit.notification.anchor_failed")).toHaveLength(1);
    expect(await told(auditor.id, "audit.notification.anchor_failed")).toMatchObject([{ link: "/admin/audit" }]);
    expect(await failedEntries()).toMatchObject([{ actorId: null, targetType: "audit_chain", data: { code: "audit.anchor_file_unusable", reason: "EISDIR" } }]);

    // Works again: its anchor covers the failure's entry, and both are told, once.
    const restored = await anchoredNow();
    expect(restored.entryId).toBeGreaterThan((await failedEntries())[0]!.id);
    expect(await told(sysadmin.id, "audit.notification.anchor_restored")).toMatchObject([{ params: { seq: restored.seq, entryId: restored.entryId } }]);
    expect(await told(auditor.id, "audit.notification.anchor_restored")).toHaveLength(1);
    await appendMarked(randomUUID());
    await anchoredNow();
    expect(await told(sysadmin.id, "audit.notification.anchor_restored")).toHaveLength(1);

    // A new failure after anchoring worked is a new streak: told again.
    await unwritable(async () => {
      await appendMarked(randomUUID());
      await expect(runScheduledAuditAnchor(db)).rejects.toThrow(/audit\.anchor_file_unusable/);
    });
    expect(await told(sysadmin.id, "audit.notification.anchor_failed")).toHaveLength(2);
    await anchoredNow();
  });

  it("reads only a committed head, never waiting for appenders, and stays consistent while they append", async () => {
    const { db, sql: pg } = testDb();
    const committed = await appendMarked(randomUUID());
    // An appender holds the chain's head in an open transaction, then rolls back: no anchor may have named it.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let pendingId = 0;
    const appender = db
      .transaction(async (tx) => {
        const marker = randomUUID();
        await appendAudit(tx, systemContext(db), { action: "record.custody_updated", targetType: "record", targetId: marker });
        pendingId = Number((await tx.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.targetId, marker)))[0]!.id);
        await held;
        throw new Error("rolled back");
      })
      .catch(() => "rolled back");
    while (!pendingId) await sleep(10);
    const during = await anchoredNow();
    release();
    expect(await appender).toBe("rolled back");
    expect(during.entryId).toBeGreaterThanOrEqual(committed);
    expect(during.entryId).toBeLessThan(pendingId);

    // Many appenders and anchor writers at once: every anchor names a committed head, the lines link up.
    await Promise.all([
      ...Array.from({ length: 16 }, (_, i) => appendMarked(randomUUID(), { i })),
      ...Array.from({ length: 4 }, () => runScheduledAuditAnchor(db)),
    ]);
    await runScheduledAuditAnchor(db);
    expect(await verifyAuditChain(pg)).toMatchObject({ ok: true, anchors: { problemCount: 0 } });
  });

  it("is written by the worker's scheduled job", async () => {
    const { db } = testDb();
    await appendMarked(randomUUID());
    const [before] = await db.select({ seq: auditAnchors.seq }).from(auditAnchors).orderBy(desc(auditAnchors.seq)).limit(1);
    // The worker's own wiring on a queue of its own: a whole worker would also run what other tests left queued.
    await prepareQueues(inject("databaseUrl"));
    const boss = new PgBoss({ connectionString: inject("databaseUrl"), supervise: false, schedule: false, migrate: false, max: 2 });
    await boss.start();
    try {
      await workAuditAnchors(boss, db);
      expect(await boss.getSchedules()).toContainEqual(expect.objectContaining({ name: QUEUES.auditAnchor, cron: AUDIT_ANCHOR_CRON }));
      // What pg-boss sends on the hour, sent now.
      await boss.send(QUEUES.auditAnchor, {});
      let after = before;
      for (let waited = 0; after?.seq === before?.seq && waited < 40_000; waited += 250) {
        await sleep(250);
        [after] = await db.select({ seq: auditAnchors.seq }).from(auditAnchors).orderBy(desc(auditAnchors.seq)).limit(1);
      }
      expect(after!.seq).toBe((before?.seq ?? 0) + 1);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
