import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { alerts, auditEvents, records, storedFiles } from "@/db/schema";
import { attachFile, makeArchiveFonds, makeVoucher, pdfBytes, tempStore } from "@/db/test/archive-factories";
import { contextFor, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { listAlerts } from "./list-alerts";
import { resolveAlert } from "./resolve-alert";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

type Db = ReturnType<typeof testDb>["db"];

async function raise(db: Db, values: Partial<typeof alerts.$inferInsert> & Pick<typeof alerts.$inferInsert, "kind">) {
  const [row] = await db.insert(alerts).values(values).returning({ id: alerts.id });
  return row!.id;
}

async function page(ctx: ReturnType<typeof contextFor>, input: Record<string, unknown>) {
  const r = await listAlerts(ctx, input);
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe("the alerts list", () => {
  it("pages newest first, and a page stays the same when new alerts arrive meanwhile", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    // Two raised in the same instant: the order must still be total, or a page boundary between them loses one.
    for (const minute of [1, 2, 3, 3, 4]) await raise(db, { fondsId: fonds.id, kind: "retention_expiring", createdAt: at(minute), params: { minute } });

    const first = await page(ctx, { fondsId: fonds.id, pageSize: 2 });
    expect(first.total).toBe(5);
    expect(first.prevCursor).toBeNull();
    const second = await page(ctx, { fondsId: fonds.id, pageSize: 2, after: first.nextCursor });
    const third = await page(ctx, { fondsId: fonds.id, pageSize: 2, after: second.nextCursor });
    expect(third.nextCursor).toBeNull();
    const walked = [...first.items, ...second.items, ...third.items];
    expect(walked.map((a) => a.params.minute)).toEqual([4, 3, 3, 2, 1]);
    expect(new Set(walked.map((a) => a.id)).size).toBe(5);

    await raise(db, { fondsId: fonds.id, kind: "retention_expiring", createdAt: at(9), params: { minute: 9 } });
    const again = await page(ctx, { fondsId: fonds.id, pageSize: 2, after: first.nextCursor });
    expect(again.items.map((a) => a.id)).toEqual(second.items.map((a) => a.id));
    expect(again.total).toBe(6);
    // Back from the second page: the page before it, newest first, now led by the alert that arrived.
    const back = await page(ctx, { fondsId: fonds.id, pageSize: 2, before: second.prevCursor });
    expect(back.items.map((a) => a.params.minute)).toEqual([4, 3]);
    expect((await page(ctx, { fondsId: fonds.id, pageSize: 2, before: back.prevCursor })).items.map((a) => a.params.minute)).toEqual([9]);

    expect(await listAlerts(ctx, { after: "not-a-cursor" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { after: expect.any(String) } } });
  });

  it("filters by kind and by open or resolved, and finds one alert by its id", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const open = await raise(db, { fondsId: fonds.id, kind: "retention_expiring" });
    const done = await raise(db, { fondsId: fonds.id, kind: "retention_expiring", resolvedAt: new Date(), resolvedBy: archivist.id, resolutionNote: "已延长保管期限" });
    const dup = await raise(db, { fondsId: fonds.id, kind: "duplicate_reimbursement", params: { invoiceNo: "1" } });
    const ids = async (input: Record<string, unknown>) => (await page(ctx, { fondsId: fonds.id, ...input })).items.map((a) => a.id).sort();
    expect(await ids({})).toEqual([open, dup].sort());
    expect(await ids({ status: "resolved" })).toEqual([done]);
    expect(await ids({ status: "all", kind: "retention_expiring" })).toEqual([open, done].sort());
    expect(await ids({ id: done, status: "all" })).toEqual([done]);
    const [resolved] = (await page(ctx, { id: done, status: "all" })).items;
    expect(resolved).toMatchObject({ resolutionNote: "已延长保管期限", resolvedByName: expect.stringContaining(archivist.username) });
  });

  it("shows the system administrator operational alerts with key and digest, never a record's title, file name or business alerts", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const secadmin = await makeUser(db, [{ role: "secadmin", fondsId: null }]);
    const v = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    await db.update(records).set({ title: "收购定金 机密" }).where(eq(records.id, v));
    const operational = { expected: "a".repeat(64), actual: "", storageKey: "sha256/aa/aa/" + "a".repeat(64) };
    const missing = await raise(db, { fondsId: fonds.id, kind: "file_missing", recordId: v, params: { fileName: "收购协议.pdf", ...operational } });
    const dup = await raise(db, { fondsId: fonds.id, kind: "duplicate_reimbursement", recordId: v, params: { invoiceNo: "24312000000000000001" } });
    const store = await raise(db, { kind: "store_unavailable", params: { storeKind: "local", reason: "layout_missing", location: `/mnt/${randomUUID()}` } });

    const seen = await page(contextFor(db, admin.actor), { status: "all", pageSize: 200, fondsId: fonds.id });
    expect(seen.items.map((a) => a.id)).toEqual([missing]);
    expect(seen.items[0]).toMatchObject({ fondsCode: fonds.code, recordTitle: null, archivalCode: null, params: operational });
    expect(seen.items[0]!.params).not.toHaveProperty("fileName");
    expect((await page(contextFor(db, admin.actor), { id: store })).items).toHaveLength(1);
    expect((await page(contextFor(db, admin.actor), { id: dup })).items).toEqual([]);

    const own = await page(contextFor(db, archivist.actor), { fondsId: fonds.id });
    expect(own.items.map((a) => a.id).sort()).toEqual([missing, dup].sort());
    expect(own.items.find((a) => a.id === missing)).toMatchObject({ recordTitle: "收购定金 机密", params: { fileName: "收购协议.pdf", ...operational }, resolvable: true });
    // What the installation's store does is no fonds' business.
    expect((await page(contextFor(db, archivist.actor), { id: store })).items).toEqual([]);
    expect(await listAlerts(contextFor(db, secadmin.actor), {})).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
  });
});

describe("resolving an alert", () => {
  it("records who resolved it, when and why, with an audit entry, once", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const id = await raise(db, { fondsId: fonds.id, kind: "duplicate_reimbursement", params: { invoiceNo: "1" } });
    const entries = async () => (await db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, "alert.resolved"), eq(auditEvents.targetId, id))))[0]!.n;

    expect(await resolveAlert(ctx, { alertId: id, note: "  " })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { note: expect.any(String) } } });
    expect(await resolveAlert(ctx, { alertId: "x", note: "ok" })).toMatchObject({ ok: false, error: { fields: { alertId: expect.any(String) } } });
    expect(await entries()).toBe(0);

    const r = await resolveAlert(ctx, { alertId: id, note: " 与财务核实：红冲后重开，不是重复报销 " });
    expect(r).toMatchObject({ ok: true });
    const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
    expect(row).toMatchObject({ resolvedBy: archivist.id, resolutionNote: "与财务核实：红冲后重开，不是重复报销", resolvedAt: expect.any(Date) });
    const [entry] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "alert.resolved"), eq(auditEvents.targetId, id)));
    expect(entry).toMatchObject({ targetType: "alert", fondsId: fonds.id, actorId: archivist.id, data: { kind: "duplicate_reimbursement", note: "与财务核实：红冲后重开，不是重复报销" } });

    expect(await resolveAlert(ctx, { alertId: id, note: "again" })).toMatchObject({ ok: false, error: { code: "alert.already_resolved" } });
    expect(await entries()).toBe(1);
    const [after] = await db.select().from(alerts).where(eq(alerts.id, id));
    expect(after!.resolutionNote).toBe("与财务核实：红冲后重开，不是重复报销");
  });

  it("is for the fonds' archivist, or the system administrator for what concerns the store, and no one else", async () => {
    const { db } = testDb();
    const { fonds } = await makeArchiveFonds(db);
    const other = await makeArchiveFonds(db);
    const auditor = await makeUser(db, [{ role: "auditor", fondsId: fonds.id }]);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const dup = await raise(db, { fondsId: fonds.id, kind: "duplicate_reimbursement", params: { invoiceNo: "1" } });
    const note = { note: "checked" };
    // Another fonds' archivist is not even told it exists.
    expect(await resolveAlert(contextFor(db, other.archivist.actor), { alertId: dup, ...note })).toMatchObject({ ok: false, error: { code: "alert.not_found" } });
    expect(await resolveAlert(contextFor(db, admin.actor), { alertId: dup, ...note })).toMatchObject({ ok: false, error: { code: "alert.not_found" } });
    expect(await resolveAlert(contextFor(db, auditor.actor), { alertId: dup, ...note })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await resolveAlert(contextFor(db, admin.actor), { alertId: randomUUID(), ...note })).toMatchObject({ ok: false, error: { code: "alert.not_found" } });
    const [row] = await db.select().from(alerts).where(eq(alerts.id, dup));
    expect(row!.resolvedAt).toBeNull();
  });

  it("of a damaged file, only once the file holds its bytes again", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const bytes = pdfBytes();
    const v = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const file = await attachFile(db, s.store, v, bytes, "记-1.pdf");
    const [stored] = await db.select().from(storedFiles).where(eq(storedFiles.id, file.fileId));
    await s.store.remove(file.storageKey);
    const id = await raise(db, { fondsId: fonds.id, kind: "file_missing", recordId: v, fileId: file.fileId, params: { fileName: "记-1.pdf", expected: stored!.sha256, actual: "", storageKey: file.storageKey } });

    const note = { alertId: id, note: "已从 2026-11-30 备份恢复" };
    expect(await resolveAlert(contextFor(db, admin.actor), note, { store: s.store })).toMatchObject({ ok: false, error: { code: "alert.file_still_damaged", params: { storageKey: file.storageKey } } });
    expect(await resolveAlert(contextFor(db, archivist.actor), note, { store: s.store })).toMatchObject({ ok: false, error: { code: "alert.file_still_damaged" } });
    await s.store.put(bytes);
    expect(await resolveAlert(contextFor(db, admin.actor), note, { store: s.store })).toMatchObject({ ok: true });
    const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, file.fileId));
    expect(row).toMatchObject({ lastVerifyOk: "ok", lastVerifiedAt: expect.any(Date) });
    const [entry] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "alert.resolved"), eq(auditEvents.targetId, id)));
    expect(entry).toMatchObject({ actorAdminRole: "sysadmin", data: { kind: "file_missing", fileId: file.fileId, verified: { sha256: stored!.sha256 } } });
  });

  it("of an unavailable store, only once the store is there again", async () => {
    const { db } = testDb();
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const id = await raise(db, { kind: "store_unavailable", params: { storeKind: "local", reason: "layout_missing", location: s.dir } });
    // Files are on record (kept in a store of their own), so the store must hold its layout to count as there.
    const elsewhere = await tempStore();
    cleanups.push(elsewhere.cleanup);
    const { fonds } = await makeArchiveFonds(db);
    await attachFile(db, elsewhere.store, await makeVoucher(db, { fondsId: fonds.id, no: 1 }), pdfBytes());
    const input = { alertId: id, note: "数据盘已重新挂载" };
    expect(await resolveAlert(contextFor(db, admin.actor), input, { store: s.store })).toMatchObject({ ok: false, error: { code: "alert.store_still_unavailable" } });
    await s.store.put(pdfBytes());
    expect(await resolveAlert(contextFor(db, admin.actor), input, { store: s.store })).toMatchObject({ ok: true });
  });
});
