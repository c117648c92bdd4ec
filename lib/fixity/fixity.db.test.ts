import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { alerts, auditEvents, notifications, records, storedFiles } from "@/db/schema";
import { attachFile, makeArchiveFonds, makeVoucher, pdfBytes, tempStore } from "@/db/test/archive-factories";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { fixityModeDue, runScheduledFixityAudit } from "./fixity-schedule";
import { listAlerts } from "./list-alerts";
import { runFixityAudit } from "./run-fixity-audit";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

describe("fixity audit", () => {
  it("finds a corrupted and a missing file, raises one alert each, visible to the fonds' archivists", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const v1 = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const v2 = await makeVoucher(db, { fondsId: fonds.id, no: 2 });
    const v3 = await makeVoucher(db, { fondsId: fonds.id, no: 3 });
    const intact = await attachFile(db, s.store, v1, pdfBytes(), "记-1.pdf");
    const corrupted = await attachFile(db, s.store, v2, pdfBytes(), "记-2.pdf");
    const lost = await attachFile(db, s.store, v3, pdfBytes(), "记-3.pdf");
    await writeFile(path.join(s.dir, corrupted.storageKey), "tampered bytes");
    await s.store.remove(lost.storageKey);

    const ctx = systemContext(db, "vitest");
    const r = await runFixityAudit(ctx, { mode: "full" }, { store: s.store });
    if (!r.ok) throw new Error(r.error.code);
    const mine = r.value.problems.filter((p) => [intact.fileId, corrupted.fileId, lost.fileId].includes(p.fileId));
    expect(mine.map((p) => [p.fileId, p.kind]).sort()).toEqual([[corrupted.fileId, "fixity_mismatch"], [lost.fileId, "file_missing"]].sort());
    const files = await db.select({ id: storedFiles.id, ok: storedFiles.lastVerifyOk, at: storedFiles.lastVerifiedAt }).from(storedFiles).where(inArray(storedFiles.id, [intact.fileId, corrupted.fileId, lost.fileId]));
    expect(Object.fromEntries(files.map((f) => [f.id, f.ok]))).toEqual({ [intact.fileId]: "ok", [corrupted.fileId]: "mismatch", [lost.fileId]: "missing" });
    expect(files.every((f) => f.at !== null)).toBe(true);

    const seen = await listAlerts(contextFor(db, archivist.actor), { fondsId: fonds.id });
    if (!seen.ok) throw new Error(seen.error.code);
    expect(seen.value.items.map((a) => [a.kind, a.recordId, a.params.fileName]).sort()).toEqual([
      ["file_missing", v3, "记-3.pdf"],
      ["fixity_mismatch", v2, "记-2.pdf"],
    ]);
    const notes = await db.select().from(notifications).where(and(eq(notifications.userId, archivist.id), eq(notifications.kind, "fixity.notification.fixity_mismatch")));
    expect(notes).toHaveLength(1);

    // Another run finds the same problems but does not raise the same alerts again.
    await runFixityAudit(ctx, { mode: "full" }, { store: s.store });
    expect(await db.select().from(alerts).where(eq(alerts.fondsId, fonds.id))).toHaveLength(2);
    const runs = await db.select().from(auditEvents).where(eq(auditEvents.action, "fixity.audit_run"));
    expect(runs.length).toBeGreaterThanOrEqual(2);

    const other = await makeFonds(db);
    const outsider = await makeUser(db, [{ role: "archivist", fondsId: other.id }]);
    const hidden = await listAlerts(contextFor(db, outsider.actor), { fondsId: fonds.id });
    expect(hidden.ok && hidden.value.items).toEqual([]);
    expect(await runFixityAudit(contextFor(db, archivist.actor), { mode: "full" }, { store: s.store })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
  });

  it("does not show a fonds' readers the title or code of another fonds' record an alert names", async () => {
    const { db } = testDb();
    const a = await makeArchiveFonds(db);
    const b = await makeArchiveFonds(db);
    const theirs = await makeVoucher(db, { fondsId: a.fonds.id, no: 1 });
    await db.update(records).set({ title: "A公司 机密 收购定金" }).where(eq(records.id, theirs));
    // What an import into B raises when B's voucher cites an invoice A's voucher holds (重复报销): B's alert, A's record.
    await db.insert(alerts).values({ fondsId: b.fonds.id, kind: "duplicate_reimbursement", recordId: theirs, params: { invoiceNo: "24312000000000000001" } });
    const seen = await listAlerts(contextFor(db, b.archivist.actor), { fondsId: b.fonds.id, kind: "duplicate_reimbursement" });
    if (!seen.ok) throw new Error(seen.error.code);
    expect(seen.value.items).toHaveLength(1);
    expect(seen.value.items[0]).toMatchObject({ recordTitle: null, archivalCode: null });
    const own = await listAlerts(contextFor(db, a.archivist.actor), {});
    expect(own.ok && own.value.items.filter((x) => x.recordId === theirs)).toEqual([]);
  });

  it("samples 5 % by default, the files verified longest ago first", async () => {
    const { db } = testDb();
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const { fonds } = await makeArchiveFonds(db);
    const v = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const fresh = await attachFile(db, s.store, v, pdfBytes(), "new.pdf");
    const ctx = systemContext(db, "vitest");
    const r = await runFixityAudit(ctx, { mode: "sample" }, { store: s.store });
    if (!r.ok) throw new Error(r.error.code);
    // Files an earlier test left with open alerts are checked besides the sample. In this shared database every
    // other test's full audit finds most files missing from its own store, so few may be left to sample.
    expect(r.value.checked - r.value.rechecked).toBe(Math.min(Math.ceil(r.value.stored * 0.05), r.value.stored - r.value.rechecked));
    const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, fresh.fileId));
    // Never verified before, so it is among the first taken.
    expect(row!.lastVerifyOk).toBe("ok");
    expect(await runFixityAudit(ctx, { mode: "sample", samplePercent: 0 })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    // DA/T 70 4.3.1.2 asks at least 5 %: a smaller sample would pass for an audit it is not.
    expect(await runFixityAudit(ctx, { mode: "sample", samplePercent: 4.9 })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
  });

  it("schedules a full audit every two years and samples in between", async () => {
    expect(fixityModeDue(null, new Date("2026-01-01T00:00:00Z"))).toBe("full");
    expect(fixityModeDue(new Date("2025-01-01T02:00:00Z"), new Date("2026-10-01T02:00:00Z"))).toBe("sample");
    expect(fixityModeDue(new Date("2025-01-01T02:00:00Z"), new Date("2027-01-01T01:00:00Z"))).toBe("full");
    const { db } = testDb();
    const r = await runScheduledFixityAudit(db, new Date("2099-01-01T02:00:00Z"));
    expect(r.ok && r.value.mode).toBe("full");
  });
});

describe("fixity audit of a large store", () => {
  // What the audit holds is one batch of files, whatever the store's size: a batch's verdicts are written before
  // the next batch is read, and no file is read twice however the batches fall.
  async function auditInBatches(mode: "full" | "sample", samplePercent: number) {
    const { db } = testDb();
    const { fonds } = await makeArchiveFonds(db);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    for (const no of [1, 2, 3]) await attachFile(db, s.store, await makeVoucher(db, { fondsId: fonds.id, no }), pdfBytes(), `记-${no}.pdf`);
    const at = new Date(Date.now() + Math.floor(Math.random() * 1000));
    const ctx = { ...systemContext(db, "vitest"), now: () => at };
    const verifiedBefore: number[] = [];
    const read: string[] = [];
    const counting = {
      ...s.store,
      digest: async (key: string) => {
        const [{ n } = { n: -1 }] = await db.select({ n: sql<number>`count(*)::int` }).from(storedFiles).where(eq(storedFiles.lastVerifiedAt, at));
        verifiedBefore.push(n);
        read.push(key);
        return s.store.digest(key);
      },
    };
    const r = await runFixityAudit(ctx, { mode, samplePercent }, { store: counting, batchSize: 2 });
    if (!r.ok) throw new Error(r.error.code);
    expect(read.length).toBe(r.value.checked);
    expect(new Set(read).size).toBe(read.length);
    // Each file is read with every earlier batch written: either all files before it (it opens a batch), or all but
    // the one opening its batch. A sample's alerted files and its rotation are batched apart, so a batch may hold one.
    const unwritten = verifiedBefore.map((n, i) => (n === i || (n === i - 1 && verifiedBefore[i - 1] === i - 1) ? null : { i, n }));
    expect(unwritten.filter(Boolean)).toEqual([]);
    return r.value;
  }

  it("walks every stored file in batches, writing each batch's verdicts before reading the next", async () => {
    const r = await auditInBatches("full", 100);
    expect(r.checked).toBeGreaterThanOrEqual(3);
    expect(r.checked).toBeGreaterThanOrEqual(r.stored);
  });

  it("takes a sample in batches too, each file once, the alerted ones besides", async () => {
    const r = await auditInBatches("sample", 100);
    expect(r.checked).toBeGreaterThanOrEqual(r.stored);
  });
});

describe("fixity audit of damaged storage", () => {
  it("reports a file it cannot read as damaged and still checks the others", async () => {
    const { db } = testDb();
    const { fonds } = await makeArchiveFonds(db);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const v1 = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const v2 = await makeVoucher(db, { fondsId: fonds.id, no: 2 });
    const unreadable = await attachFile(db, s.store, v1, pdfBytes(), "记-1.pdf");
    const intact = await attachFile(db, s.store, v2, pdfBytes(), "记-2.pdf");
    // What a failing disk or a wrong restore leaves: something is there under the key, but its bytes cannot be read.
    await s.store.remove(unreadable.storageKey);
    await mkdir(path.join(s.dir, unreadable.storageKey));

    const r = await runFixityAudit(systemContext(db, "vitest"), { mode: "full" }, { store: s.store });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value.problems.filter((p) => p.fileId === unreadable.fileId).map((p) => p.kind)).toEqual(["fixity_mismatch"]);
    const files = await db.select({ id: storedFiles.id, ok: storedFiles.lastVerifyOk }).from(storedFiles).where(inArray(storedFiles.id, [unreadable.fileId, intact.fileId]));
    expect(Object.fromEntries(files.map((f) => [f.id, f.ok]))).toEqual({ [unreadable.fileId]: "mismatch", [intact.fileId]: "ok" });
    expect(await db.select().from(alerts).where(and(eq(alerts.fileId, unreadable.fileId), eq(alerts.kind, "fixity_mismatch")))).toHaveLength(1);
  });

  it("holds the bytes to every digest and the size taken at ingest, not the SHA-256 alone", async () => {
    const { db, sql: pg } = testDb();
    const { fonds } = await makeArchiveFonds(db);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const v1 = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const v2 = await makeVoucher(db, { fondsId: fonds.id, no: 2 });
    const sm3Off = await attachFile(db, s.store, v1, pdfBytes(), "记-1.pdf");
    const sizeOff = await attachFile(db, s.store, v2, pdfBytes(), "记-2.pdf");
    // The SM3 digest or the size on record no longer describes the bytes kept. A trigger refuses such edits, so
    // only a superuser skipping triggers (session_replication_role = replica) gets here, as with the audit chain.
    await pg.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update stored_files set sm3 = ${"0".repeat(64)} where id = ${sm3Off.fileId}`;
      await tx`update stored_files set size = 1 where id = ${sizeOff.fileId}`;
    });

    const r = await runFixityAudit(systemContext(db, "vitest"), { mode: "full" }, { store: s.store });
    if (!r.ok) throw new Error(r.error.code);
    const mine = r.value.problems.filter((p) => [sm3Off.fileId, sizeOff.fileId].includes(p.fileId));
    expect(mine.map((p) => [p.fileId, p.kind]).sort()).toEqual([[sm3Off.fileId, "fixity_mismatch"], [sizeOff.fileId, "fixity_mismatch"]].sort());
    const files = await db.select({ id: storedFiles.id, ok: storedFiles.lastVerifyOk }).from(storedFiles).where(inArray(storedFiles.id, [sm3Off.fileId, sizeOff.fileId]));
    expect(files.map((f) => f.ok)).toEqual(["mismatch", "mismatch"]);
  });

  it("puts on the tamper-evident record which files failed, not only how many", async () => {
    const { db } = testDb();
    const { fonds } = await makeArchiveFonds(db);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const v1 = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const v2 = await makeVoucher(db, { fondsId: fonds.id, no: 2 });
    const corrupted = await attachFile(db, s.store, v1, pdfBytes(), "记-1.pdf");
    const lost = await attachFile(db, s.store, v2, pdfBytes(), "记-2.pdf");
    await writeFile(path.join(s.dir, corrupted.storageKey), "tampered bytes");
    await s.store.remove(lost.storageKey);

    const r = await runFixityAudit(systemContext(db, "vitest"), { mode: "full" }, { store: s.store });
    if (!r.ok) throw new Error(r.error.code);
    // Alerts get resolved and the verdict on a file is overwritten by the next audit; the trail keeps what was found.
    const [entry] = await db.select().from(auditEvents).where(eq(auditEvents.action, "fixity.audit_run")).orderBy(desc(auditEvents.id)).limit(1);
    const listed = (entry!.data.problems as { fileId: string; kind: string }[]).filter((p) => [corrupted.fileId, lost.fileId].includes(p.fileId));
    expect(listed.map((p) => [p.fileId, p.kind]).sort()).toEqual([[corrupted.fileId, "fixity_mismatch"], [lost.fileId, "file_missing"]].sort());
    expect(listed.find((p) => p.fileId === corrupted.fileId)).toMatchObject({ expected: expect.stringMatching(/^[0-9a-f]{64}$/), actual: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe("fixity alerts that outlive the damage", () => {
  it("re-checks every file with an open alert on each run, sample or not, and closes the alerts of those that verify again", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const v1 = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const v2 = await makeVoucher(db, { fondsId: fonds.id, no: 2 });
    const v3 = await makeVoucher(db, { fondsId: fonds.id, no: 3 });
    const bytes = { repaired: pdfBytes(), restored: pdfBytes(), broken: pdfBytes() };
    const repaired = await attachFile(db, s.store, v1, bytes.repaired, "记-1.pdf");
    const restored = await attachFile(db, s.store, v2, bytes.restored, "记-2.pdf");
    const broken = await attachFile(db, s.store, v3, bytes.broken, "记-3.pdf");
    await writeFile(path.join(s.dir, repaired.storageKey), "tampered bytes");
    await s.store.remove(restored.storageKey);
    await writeFile(path.join(s.dir, broken.storageKey), "tampered for good");
    const ctx = systemContext(db, "vitest");
    expect(await runFixityAudit(ctx, { mode: "full" }, { store: s.store })).toMatchObject({ ok: true });
    const ours = [repaired.fileId, restored.fileId, broken.fileId];
    const raised = await db.select().from(alerts).where(inArray(alerts.fileId, ours));
    expect(raised).toHaveLength(3);

    // The good copies come back from a backup; just verified, these files are the last a sample would take.
    await s.store.put(bytes.repaired);
    await s.store.put(bytes.restored);
    const before = new Date();
    const r = await runFixityAudit(ctx, { mode: "sample" }, { store: s.store });
    if (!r.ok) throw new Error(r.error.code);
    const files = await db.select({ id: storedFiles.id, ok: storedFiles.lastVerifyOk, at: storedFiles.lastVerifiedAt }).from(storedFiles).where(inArray(storedFiles.id, ours));
    expect(files.every((f) => f.at! >= before)).toBe(true);
    expect(Object.fromEntries(files.map((f) => [f.id, f.ok]))).toEqual({ [repaired.fileId]: "ok", [restored.fileId]: "ok", [broken.fileId]: "mismatch" });
    expect(r.value.problems.map((p) => p.fileId)).toContain(broken.fileId);

    const after = await db.select().from(alerts).where(inArray(alerts.fileId, ours));
    const closed = after.filter((a) => a.resolvedAt !== null);
    expect(closed.map((a) => a.fileId).sort()).toEqual([repaired.fileId, restored.fileId].sort());
    expect(after.find((a) => a.fileId === broken.fileId)).toMatchObject({ resolvedAt: null });
    const open = await listAlerts(contextFor(db, archivist.actor), { fondsId: fonds.id });
    expect(open.ok && open.value.items.map((a) => a.fileId)).toEqual([broken.fileId]);

    // The trail says which alerts the run closed, and why: their files verified again.
    const [entry] = await db.select().from(auditEvents).where(eq(auditEvents.action, "fixity.audit_run")).orderBy(desc(auditEvents.id)).limit(1);
    expect(entry!.data).toMatchObject({ mode: "sample", alertsResolved: 2 });
    expect((entry!.data.resolved as { alertId: string }[]).map((a) => a.alertId).sort()).toEqual(closed.map((a) => a.id).sort());
    expect(entry!.data.rechecked).toBe(r.value.rechecked);
    expect(r.value.rechecked).toBeGreaterThanOrEqual(3);
  });
});

describe("fixity audit of a store that is not there", () => {
  it("raises one alert and tells each system administrator once, instead of marking every file missing", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const files = [];
    for (const no of [1, 2, 3]) files.push(await attachFile(db, s.store, await makeVoucher(db, { fondsId: fonds.id, no }), pdfBytes(), `记-${no}.pdf`));
    const ids = files.map((f) => f.fileId);
    // What the data folder looks like when its disk is not mounted: the mount point is there, the store is not.
    const mountPoint = await tempStore();
    cleanups.push(mountPoint.cleanup);
    const fullRuns = async () => (await db.select().from(auditEvents).where(and(eq(auditEvents.action, "fixity.audit_run"), sql`${auditEvents.data}->>'mode' = 'full'`))).length;
    const runsBefore = await fullRuns();

    const ctx = systemContext(db, "vitest");
    for (let i = 0; i < 2; i++) {
      const r = await runFixityAudit(ctx, { mode: "full" }, { store: mountPoint.store });
      expect(r).toMatchObject({ ok: true, value: { checked: 0, problems: [], alertsRaised: i === 0 ? 1 : 0, storeUnavailable: "layout_missing" } });
    }

    const verdicts = await db.select({ ok: storedFiles.lastVerifyOk }).from(storedFiles).where(inArray(storedFiles.id, ids));
    expect(verdicts.map((v) => v.ok)).toEqual([null, null, null]);
    expect(await db.select().from(alerts).where(inArray(alerts.fileId, ids))).toEqual([]);
    const raised = await db.select().from(alerts).where(and(eq(alerts.kind, "store_unavailable"), sql`${alerts.params}->>'location' = ${mountPoint.dir}`));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ fondsId: null, recordId: null, fileId: null, resolvedAt: null, params: { reason: "layout_missing", storeKind: "local" } });
    const adminNotes = await db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(adminNotes.map((n) => [n.kind, n.link])).toEqual([["fixity.notification.operator.store_unavailable", `/alerts?id=${raised[0]!.id}`]]);
    expect(await db.select().from(notifications).where(eq(notifications.userId, archivist.id))).toEqual([]);
    // Not a full audit done: the schedule must still ask for one.
    expect(await fullRuns()).toBe(runsBefore);
    const [entry] = await db.select().from(auditEvents).where(eq(auditEvents.action, "fixity.store_unavailable")).orderBy(desc(auditEvents.id)).limit(1);
    expect(entry!.data).toMatchObject({ mode: "full", reason: "layout_missing", location: mountPoint.dir, stored: expect.any(Number) });
  });
});

describe("fixity audit of a store that goes away while it runs", () => {
  it("judges no file missing when the store is gone by the end of the run", async () => {
    const { db } = testDb();
    const { fonds } = await makeArchiveFonds(db);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const lost = await attachFile(db, s.store, await makeVoucher(db, { fondsId: fonds.id, no: 1 }), pdfBytes(), "记-1.pdf");
    await s.store.remove(lost.storageKey);
    // There when the audit starts, unmounted before it ends: the files it then could not find are not lost.
    let asked = 0;
    const flaky = { ...s.store, availability: async () => (asked++ === 0 ? { available: true as const } : { available: false as const, reason: "layout_missing" as const, location: s.dir }) };

    const r = await runFixityAudit(systemContext(db, "vitest"), { mode: "full" }, { store: flaky });
    expect(r).toMatchObject({ ok: true, value: { problems: [], storeUnavailable: "layout_missing" } });
    expect(await db.select().from(alerts).where(eq(alerts.fileId, lost.fileId))).toEqual([]);
    const [file] = await db.select({ ok: storedFiles.lastVerifyOk }).from(storedFiles).where(eq(storedFiles.id, lost.fileId));
    expect(file!.ok).toBeNull();
  });
});

describe("fixity notices", () => {
  it("lead every recipient to the alert, give the operator the digest and storage key, and keep file names from the system administrator", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const v = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const lost = await attachFile(db, s.store, v, pdfBytes(), "收购定金协议.pdf");
    const [file] = await db.select().from(storedFiles).where(eq(storedFiles.id, lost.fileId));
    await s.store.remove(lost.storageKey);

    await runFixityAudit(systemContext(db, "vitest"), { mode: "full" }, { store: s.store });
    const [alert] = await db.select().from(alerts).where(eq(alerts.fileId, lost.fileId));
    expect(alert!.params).toMatchObject({ fileName: "收购定金协议.pdf", expected: file!.sha256, storageKey: lost.storageKey });

    const [toArchivist] = await db.select().from(notifications).where(eq(notifications.userId, archivist.id));
    expect(toArchivist).toMatchObject({ kind: "fixity.notification.file_missing", link: `/alerts?id=${alert!.id}`, params: { fileName: "收购定金协议.pdf", expected: file!.sha256, storageKey: lost.storageKey } });
    // A full audit of this shared database also finds the other tests' files, each in a store of its own.
    const toAdmin = await db.select().from(notifications).where(and(eq(notifications.userId, admin.id), sql`${notifications.params}->>'storageKey' = ${lost.storageKey}`));
    // The system administrator restores the bytes; what the record or its file is called is archive content.
    expect(toAdmin.map((n) => [n.kind, n.link, n.params])).toEqual([
      ["fixity.notification.operator.file_missing", `/alerts?id=${alert!.id}`, { expected: file!.sha256, actual: "", storageKey: lost.storageKey }],
    ]);
  });
});

describe("fixity notices sent before alerts had a page", () => {
  it("are led to their alert by migration 0024, as a system administrator cannot open the record they named", async () => {
    const { db, sql: pg } = testDb();
    const { fonds } = await makeArchiveFonds(db);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const v = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const params = { fileName: "记-1.pdf", expected: "b".repeat(64), actual: "" };
    const [alert] = await db.insert(alerts).values({ fondsId: fonds.id, kind: "file_missing", recordId: v, params }).returning();
    const old = { userId: admin.id, kind: "fixity.notification.file_missing", params, createdAt: new Date() };
    const [matched] = await db.insert(notifications).values({ ...old, link: `/records/${v}` }).returning();
    const [unmatched] = await db.insert(notifications).values({ ...old, params: { ...params, expected: "c".repeat(64) }, link: `/records/${v}` }).returning();
    const [other] = await db.insert(notifications).values({ ...old, kind: "approval.notification.requested", link: `/records/${v}` }).returning();

    await pg.unsafe(await readFile(path.join(process.cwd(), "drizzle", "0024_fixity_notice_links.sql"), "utf8"));
    const links = Object.fromEntries((await db.select().from(notifications).where(eq(notifications.userId, admin.id))).map((n) => [n.id, n.link]));
    expect(links).toEqual({ [matched!.id]: `/alerts?id=${alert!.id}`, [unmatched!.id]: "/alerts", [other!.id]: `/records/${v}` });
  });
});
