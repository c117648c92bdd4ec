import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { approvalRequests, archivalCodeRules, auditEvents, codeSequences, filings, notifications, recordLinks, recordSearch, records, voucherLines, volumes } from "@/db/schema";
import { makeArchiveFonds, makeMonth, makeSourceDocument, makeVoucher, tempStore, noAntivirus } from "@/db/test/archive-factories";
import { contextFor } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { updateFondsFilingSettings } from "@/lib/rules/update-fonds-filing-settings";
import { getFiling } from "./get-filing";
import { moveRecordToVolume } from "./move-record-to-volume";
import { proposeVolumes } from "./propose-volumes";
import { recordManualCheck } from "./record-manual-check";
import { reorderVolume } from "./reorder-volume";
import { viewRecord } from "@/lib/records/view-record";
import { indexRecords } from "@/lib/search/index-records";
import { parseQuery } from "@/lib/search/parse-query";
import { submitFiling } from "./submit-filing";

const stores: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(stores.map((c) => c())));

async function deps() {
  const s = await tempStore();
  stores.push(s.cleanup);
  return { store: s.store, antivirus: noAntivirus };
}

describe("volume assembly (组卷) on the database", () => {
  it("binds a month of 180 vouchers under 3 words into volumes of at most 50, never mixing words", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ids = await makeMonth(db, fonds.id, { 记: 100, 收: 50, 付: 30 });
    const ctx = contextFor(db, archivist.actor);
    const r = await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.volumes.map((v) => [v.title, v.recordIds.length])).toEqual([
      ["2024年3月 记字 第1-50号", 50],
      ["2024年3月 记字 第51-100号", 50],
      ["2024年3月 收字 第1-50号", 50],
      ["2024年3月 付字 第1-30号", 30],
    ]);
    expect(r.value.volumes[0]!.recordIds).toEqual(ids["记"]!.slice(0, 50));
    const stored = await db.select().from(volumes).where(eq(volumes.fondsId, fonds.id));
    expect(stored).toHaveLength(4);
    expect(stored.every((v) => v.state === "open" && v.volumeNo === null)).toBe(true);
    const placed = await db.select({ volumeId: records.volumeId, itemNo: records.itemNo }).from(records).where(eq(records.id, ids["收"]![49]!));
    expect(placed[0]!.itemNo).toBe(50);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "filing.volumes_proposed"), eq(auditEvents.fondsId, fonds.id)));
    expect(audit).toHaveLength(1);

    // Proposing again replaces the open proposal instead of adding to it.
    const again = await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 });
    expect(again.ok && again.value.volumes.length).toBe(4);
    expect(await db.select().from(volumes).where(eq(volumes.fondsId, fonds.id))).toHaveLength(4);
  });

  it("lets the archivist reorder a volume and move a voucher into another of its word, refusing to mix words", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    await updateFondsFilingSettings(contextFor(db, archivist.actor), { fondsId: fonds.id, volumeSize: 3 });
    const ids = await makeMonth(db, fonds.id, { 记: 5, 收: 2 });
    const ctx = contextFor(db, archivist.actor);
    const proposed = await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 });
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    const [first, second, receipts] = proposed.value.volumes.map((v) => v.id);
    const [j1, j2, j3, j4] = ids["记"]!;
    const positions = async (volumeId: string) =>
      (await db.select({ id: records.id, itemNo: records.itemNo }).from(records).where(eq(records.volumeId, volumeId))).sort((a, b) => a.itemNo! - b.itemNo!).map((r) => r.id);

    expect(await reorderVolume(ctx, { volumeId: first, recordIds: [j2, j1, j3] })).toMatchObject({ ok: true, value: { volume: { id: first, recordIds: [j2, j1, j3] } } });
    expect(await positions(first!)).toEqual([j2, j1, j3]);

    const moved = await moveRecordToVolume(ctx, { recordId: j4, volumeId: first, position: 3 });
    expect(moved).toMatchObject({ ok: true });
    expect(await positions(first!)).toEqual([j2, j1, j3, j4]);
    const [cover] = await db.select({ title: volumes.title, cover: volumes.cover }).from(volumes).where(eq(volumes.id, first!));
    expect(cover).toMatchObject({ title: "2024年3月 记字 第1-4号", cover: { count: 4, firstVoucherNo: 1, lastVoucherNo: 4 } });
    expect(await positions(second!)).toEqual([ids["记"]![4]]);

    expect(await moveRecordToVolume(ctx, { recordId: j1, volumeId: receipts, position: 0 })).toMatchObject({ ok: false, error: { code: "archive.volume.mixed_voucher_words" } });
    expect(await reorderVolume(ctx, { volumeId: first, recordIds: [j1, j2] })).toMatchObject({ ok: false, error: { code: "archive.volume.reorder_mismatch" } });
    expect(await positions(first!)).toEqual([j2, j1, j3, j4]);
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.fondsId, fonds.id)).orderBy(auditEvents.id);
    expect(audit.map((a) => a.action).filter((a) => a.startsWith("filing.") && a !== "filing.volumes_proposed")).toEqual(["filing.volume_reordered", "filing.record_moved"]);
  });

  it("refuses someone without filing rights, and bad input, changing nothing", async () => {
    const { db } = testDb();
    const { fonds, approver } = await makeArchiveFonds(db);
    await makeMonth(db, fonds.id, { 记: 2 });
    expect(await proposeVolumes(contextFor(db, approver.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await proposeVolumes(contextFor(db, approver.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 13 })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { period: "validation.too_big" } } });
    expect(await db.select().from(volumes).where(eq(volumes.fondsId, fonds.id))).toHaveLength(0);
  });
});

describe("filing (归档) end to end", () => {
  it("submits a month, and on approval codes, seals and archives it", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    const first = await makeVoucher(db, { fondsId: fonds.id, no: 1, attachmentCount: 1 });
    await makeVoucher(db, { fondsId: fonds.id, no: 2 });
    await makeVoucher(db, { fondsId: fonds.id, no: 3 });
    await makeMonth(db, fonds.id, { 收: 2 });
    const doc = await makeSourceDocument(db, fonds.id, first);
    const ctx = contextFor(db, archivist.actor);
    const submitted = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    const f = submitted.value;
    expect(f.heldBack).toEqual([]);
    expect(f.records).toHaveLength(6);
    expect(f.records.every((r) => r.state === "filing")).toBe(true);
    expect(f.checks?.results.every((r) => /^[1-4]-\d{1,2}$/.test(r.code))).toBe(true);
    expect(new Set(f.checks?.results.map((r) => r.code)).size).toBe(45);
    expect(f.approvalId).toBeTruthy();
    const [note] = await db.select().from(notifications).where(eq(notifications.userId, approver.id));
    expect(note).toMatchObject({ kind: "approval.notification.pending", link: `/approvals/${f.approvalId}` });

    const decided = await decideApproval(contextFor(db, approver.actor), { approvalId: f.approvalId, decision: "approve", comment: "同意归档", source: "ui" });
    expect(decided).toEqual({ ok: true, value: { approvalId: f.approvalId, state: "approved", outcome: "recorded" } });
    const after = await getFiling(ctx, { id: f.id });
    if (!after.ok) throw new Error(after.error.code);
    expect(after.value.state).toBe("approved");
    const codes = after.value.records.filter((r) => r.category === "voucher" && r.archivalCode).map((r) => r.archivalCode).sort();
    expect(codes).toEqual([
      `${fonds.code}-KU·PZ·2024·D30-0001-0001`,
      `${fonds.code}-KU·PZ·2024·D30-0001-0002`,
      `${fonds.code}-KU·PZ·2024·D30-0001-0003`,
      `${fonds.code}-KU·PZ·2024·D30-0002-0001`,
      `${fonds.code}-KU·PZ·2024·D30-0002-0002`,
    ]);
    expect(after.value.records.every((r) => r.state === "archived" && r.retentionExpiresOn === "2054-12-31")).toBe(true);
    // A search by 档号 finds the record as soon as it is filed.
    const catalog = await db.select({ text: recordSearch.catalogText }).from(recordSearch).where(eq(recordSearch.fondsId, fonds.id));
    expect(codes.every((code) => catalog.some((c) => c.text.includes(code!)))).toBe(true);
    const [docRow] = await db.select().from(records).where(eq(records.id, doc));
    expect(docRow).toMatchObject({ state: "archived", archivalCode: null, itemNo: 1 });
    const sealed = await db.select().from(volumes).where(eq(volumes.fondsId, fonds.id));
    expect(sealed.map((v) => [v.state, v.volumeNo, v.retention]).sort()).toEqual([
      ["sealed", 1, "Y30"],
      ["sealed", 2, "Y30"],
    ]);
    const requester = await db.select().from(notifications).where(and(eq(notifications.userId, archivist.id), eq(notifications.kind, "approval.notification.approved")));
    expect(requester).toHaveLength(1);
    const actions = (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.fondsId, fonds.id)).orderBy(asc(auditEvents.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["filing.checks_run", "approval.requested", "filing.submitted", "approval.decided", "filing.approved"]));
    // The record's own history shows the batch steps that carried it, newest first, though none names it alone.
    const viewed = await viewRecord(ctx, { id: first });
    if (!viewed.ok) throw new Error(viewed.error.code);
    expect(viewed.value.history.map((h) => h.action)).toEqual(["record.viewed", "filing.approved", "filing.submitted", "filing.checks_run"]);
  });

  it("indexes the codes it gives as indexRecords would, appending them to the rows the import wrote", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    const first = await makeVoucher(db, { fondsId: fonds.id, no: 1, attachmentCount: 1 });
    const second = await makeVoucher(db, { fondsId: fonds.id, no: 2 });
    const never = await makeVoucher(db, { fondsId: fonds.id, no: 3 });
    const doc = await makeSourceDocument(db, fonds.id, first);
    // As the import leaves them: indexed without codes. One voucher was never indexed, one row is stale.
    await indexRecords(db, [first, second, doc]);
    await db.update(recordSearch).set({ catalogText: "过时的目录", doc: sql`''::tsvector` }).where(eq(recordSearch.recordId, second));
    const ctx = contextFor(db, archivist.actor);
    const submitted = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    const decided = await decideApproval(contextFor(db, approver.actor), { approvalId: submitted.value.approvalId, decision: "approve", source: "ui" });
    expect(decided.ok).toBe(true);

    const ids = [first, second, never, doc];
    const rows = () =>
      db
        .select({ id: recordSearch.recordId, catalog: recordSearch.catalogText, detail: recordSearch.detailText, doc: sql<string>`${recordSearch.doc}::text` })
        .from(recordSearch)
        .where(inArray(recordSearch.recordId, ids))
        .orderBy(recordSearch.recordId);
    const filed = await rows();
    expect(filed).toHaveLength(4);
    await indexRecords(db, ids);
    expect(filed).toEqual(await rows());
    const [record] = await db.select({ code: records.archivalCode }).from(records).where(eq(records.id, first));
    const query = parseQuery(record!.code!)!;
    const found = await db.select({ id: recordSearch.recordId }).from(recordSearch).where(sql`${recordSearch.doc} @@ ${query.catalog}::tsquery and ${recordSearch.fondsId} = ${fonds.id}`);
    expect(found).toEqual([{ id: first }]);
  });

  it("numbers the items of a volume holding two terms once, under the volume's term, each record keeping its own", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    const ids = [
      await makeVoucher(db, { fondsId: fonds.id, no: 1 }),
      await makeVoucher(db, { fondsId: fonds.id, no: 2, retention: "permanent" }),
      await makeVoucher(db, { fondsId: fonds.id, no: 3 }),
    ];
    const submitted = await submitFiling(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    await decideApproval(contextFor(db, approver.actor), { approvalId: submitted.value.approvalId, decision: "approve", source: "ui" });
    const filed = await Promise.all(ids.map(async (id) => (await db.select().from(records).where(eq(records.id, id)))[0]!));
    expect(filed.map((r) => [r.itemNo, r.archivalCode, r.retention, r.retentionExpiresOn])).toEqual([
      [1, `${fonds.code}-KU·PZ·2024·Y-0001-0001`, "Y30", "2054-12-31"],
      [2, `${fonds.code}-KU·PZ·2024·Y-0001-0002`, "permanent", null],
      [3, `${fonds.code}-KU·PZ·2024·Y-0001-0003`, "Y30", "2054-12-31"],
    ]);
    const [volume] = await db.select().from(volumes).where(eq(volumes.fondsId, fonds.id));
    expect(volume).toMatchObject({ state: "sealed", retention: "permanent" });
  });

  it("holds back records with failed checks, with their reasons, and returns rejected ones to collected", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const unbalanced = await makeVoucher(db, { fondsId: fonds.id, no: 2, lines: [{ debit: "10.00", credit: "0" }, { debit: "0", credit: "9.00" }] });
    const ctx = contextFor(db, archivist.actor);
    const r = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.heldBack).toEqual([{ id: unbalanced, title: expect.any(String), reasons: [expect.objectContaining({ code: "archive.check.unbalanced", params: expect.objectContaining({ item: "1-5" }) })] }]);
    const [held] = await db.select().from(records).where(eq(records.id, unbalanced));
    expect(held).toMatchObject({ state: "collected", volumeId: null, checkStatus: "failed" });

    const rejected = await decideApproval(contextFor(db, approver.actor), { approvalId: r.value.approvalId, decision: "reject", comment: "凭证附件不全", source: "ui" });
    expect(rejected).toMatchObject({ ok: true, value: { state: "rejected", outcome: "recorded" } });
    const [back] = await db.select().from(records).where(eq(records.id, r.value.records[0]!.id));
    expect(back!.state).toBe("collected");
    const [filing] = await db.select().from(filings).where(eq(filings.id, r.value.id));
    expect(filing!.state).toBe("rejected");
    const [note] = await db.select().from(notifications).where(and(eq(notifications.userId, archivist.id), eq(notifications.kind, "approval.notification.rejected")));
    expect(note!.params).toMatchObject({ comment: "凭证附件不全" });
  });

  it("files a held-back voucher once fixed: its month's numbers already filed are no gap for check 2-6", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const unbalanced = await makeVoucher(db, { fondsId: fonds.id, no: 2, lines: [{ debit: "10.00", credit: "0" }, { debit: "0", credit: "9.00" }] });
    await makeVoucher(db, { fondsId: fonds.id, no: 3 });
    const ctx = contextFor(db, archivist.actor);
    const first = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.value.heldBack.map((h) => h.id)).toEqual([unbalanced]);
    await decideApproval(contextFor(db, approver.actor), { approvalId: first.value.approvalId, decision: "approve", source: "ui" });
    // The report the approver decided on is closed: a person's result can no longer rewrite it.
    const runId = first.value.checks!.runId;
    const filedId = first.value.records[0]!.id;
    expect(await recordManualCheck(ctx, { runId, recordId: filedId, code: "2-7", outcome: "fail" })).toMatchObject({ ok: false, error: { code: "filing.check_run_closed" } });
    const [status] = await db.select({ checkStatus: records.checkStatus }).from(records).where(eq(records.id, filedId));
    expect(status!.checkStatus).not.toBe("failed");

    // The ERP sends the corrected voucher; numbers 1 and 3 of March are archived by now.
    await db.update(voucherLines).set({ credit: "10.00" }).where(and(eq(voucherLines.recordId, unbalanced), eq(voucherLines.credit, "9.00")));
    await db.update(records).set({ updatedAt: new Date() }).where(eq(records.id, unbalanced));
    const second = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    expect(second.value.checks?.results.filter((c) => c.code === "2-6").map((c) => [c.outcome, c.detail.code])).toEqual([["pass", "archive.check.numbers_consecutive"]]);
    expect(second.value.heldBack).toEqual([]);
    expect(second.value.records.map((r) => r.id)).toEqual([unbalanced]);
  });

  it("binds and files a voucher citing a source document already filed with an earlier voucher, leaving the document where it was filed", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    const march = await makeVoucher(db, { fondsId: fonds.id, no: 1, attachmentCount: 1 });
    const contract = await makeSourceDocument(db, fonds.id, march);
    const ctx = contextFor(db, archivist.actor);
    const first = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    await decideApproval(contextFor(db, approver.actor), { approvalId: first.value.approvalId, decision: "approve", source: "ui" });
    const [filedDoc] = await db.select().from(records).where(eq(records.id, contract));
    expect(filedDoc!.state).toBe("archived");

    // April's instalment cites the same contract (会计基础工作规范 Art. 51: it sits with the first voucher, others cite it).
    const april = await makeVoucher(db, { fondsId: fonds.id, no: 1, period: 4, attachmentCount: 1 });
    await db.insert(recordLinks).values({ fromRecordId: april, toRecordId: contract, linkType: "source_document" });
    const proposed = await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 4 });
    expect(proposed).toMatchObject({ ok: true, value: { volumes: [{ recordIds: [april] }] } });
    const second = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 4 }, {}, await deps());
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    await decideApproval(contextFor(db, approver.actor), { approvalId: second.value.approvalId, decision: "approve", source: "ui" });
    const [aprilRow] = await db.select().from(records).where(eq(records.id, april));
    expect(aprilRow!.state).toBe("archived");
    const [docAfter] = await db.select().from(records).where(eq(records.id, contract));
    expect(docAfter).toMatchObject({ state: "archived", volumeId: filedDoc!.volumeId, itemNo: filedDoc!.itemNo, filedAt: filedDoc!.filedAt });
  });

  it("files a source document with its voucher though the document's own date falls in the month before", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    await makeVoucher(db, { fondsId: fonds.id, no: 1, period: 2 });
    const voucher = await makeVoucher(db, { fondsId: fonds.id, no: 1, period: 3, attachmentCount: 1 });
    // An invoice of 28 February booked on 3 March: pushed documents take their month from their own date.
    const invoice = await makeSourceDocument(db, fonds.id, voucher, 2024, 2);
    const ctx = contextFor(db, archivist.actor);
    // February is bound first: the invoice belongs to March's voucher, not to February.
    const february = await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 2 });
    expect(february).toMatchObject({ ok: true, value: { unplaced: [] } });
    const march = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!march.ok) throw new Error(JSON.stringify(march.error));
    expect(march.value.heldBack).toEqual([]);
    await decideApproval(contextFor(db, approver.actor), { approvalId: march.value.approvalId, decision: "approve", source: "ui" });
    const [v] = await db.select().from(records).where(eq(records.id, voucher));
    const [doc] = await db.select().from(records).where(eq(records.id, invoice));
    expect(v!.state).toBe("archived");
    expect(doc).toMatchObject({ state: "archived", volumeId: v!.volumeId, itemNo: v!.itemNo });
    const feb = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 2 }, {}, await deps());
    if (!feb.ok) throw new Error(JSON.stringify(feb.error));
    expect(feb.value.heldBack).toEqual([]);
  });

  it("holds back a record with a warning unless the archivist overrides it; a failure is never overridden", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    // Declares one attached source document but links none: 2-8 warns by default.
    const warned = await makeVoucher(db, { fondsId: fonds.id, no: 2, attachmentCount: 1, metadata: { attachmentCount: 1 } });
    const failed = await makeVoucher(db, { fondsId: fonds.id, no: 3, lines: [{ debit: "10.00", credit: "0" }, { debit: "0", credit: "9.00" }] });
    const ctx = contextFor(db, archivist.actor);
    const first = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.value.heldBack.map((h) => [h.id, h.reasons.map((r) => [r.params?.item, r.params?.outcome])]).sort()).toEqual(
      [
        [warned, [["2-8", "warning"]]],
        [failed, [["1-5", "fail"]]],
      ].sort(),
    );
    await decideApproval(contextFor(db, approver.actor), { approvalId: first.value.approvalId, decision: "reject", comment: "请核对附件", source: "ui" });

    const second = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, { overrideWarnings: true }, await deps());
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    expect(second.value.records.map((r) => r.id)).toContain(warned);
    expect(second.value.heldBack.map((h) => h.id)).toEqual([failed]);
    const [audit] = await db.select({ data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.action, "filing.submitted"), eq(auditEvents.targetId, second.value.id)));
    expect(audit!.data).toMatchObject({ overrideWarnings: true, included: 2, heldBack: 1 });
    expect(await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, { overrideWarnings: "yes" }, await deps())).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
  });

  it("holds back a record an import changed while its checks ran, since its results describe the old data", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const kept = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const changed = await makeVoucher(db, { fondsId: fonds.id, no: 2 });
    const checking = await deps();
    // The scanner is asked whether it runs in the middle of the checks: the moment a concurrent import lands.
    const antivirus = {
      ...checking.antivirus,
      available: async () => {
        await db.update(records).set({ title: "changed by an import", updatedAt: new Date() }).where(eq(records.id, changed));
        return false;
      },
    };
    const r = await submitFiling(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, { ...checking, antivirus });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.records.map((x) => x.id)).toEqual([kept]);
    expect(r.value.heldBack).toEqual([{ id: changed, title: "changed by an import", reasons: [{ code: "filing.changed_since_checked" }] }]);
    const [held] = await db.select({ state: records.state, volumeId: records.volumeId }).from(records).where(eq(records.id, changed));
    expect(held).toEqual({ state: "collected", volumeId: null });
  });

  it("takes 'this year' for check 1-4 in Beijing: January's vouchers are filed from 00:00 on 1 January there", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    await makeVoucher(db, { fondsId: fonds.id, no: 1, fiscalYear: 2027, period: 1 });
    // 00:30 on 1 January 2027 in Beijing, still 2026 in UTC.
    const ctx = contextFor(db, archivist.actor, () => new Date("2026-12-31T16:30:00Z"));
    const r = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2027, period: 1 }, {}, await deps());
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.heldBack).toEqual([]);
    expect(r.value.checks?.results.find((c) => c.code === "1-4")?.outcome).toBe("pass");
  });

  it("refuses to file when every record is held back, but keeps the check report", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    await makeVoucher(db, { fondsId: fonds.id, no: 2 });
    const r = await submitFiling(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    expect(r).toMatchObject({ ok: false, error: { code: "filing.nothing_to_file" } });
    expect(await db.select().from(filings).where(eq(filings.fondsId, fonds.id))).toHaveLength(0);
    expect(await db.select().from(approvalRequests).where(eq(approvalRequests.fondsId, fonds.id))).toHaveLength(0);
  });

  it("refuses in words, changing nothing, to approve a filing whose new code rule repeats a code already given", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const rule = (template: string) => db.update(archivalCodeRules).set({ template }).where(eq(archivalCodeRules.fondsId, fonds.id));
    await rule("{fonds}-KU·{class}·{year}-{item:4}");
    await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const first = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await deps());
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(await decideApproval(contextFor(db, approver.actor), { approvalId: first.value.approvalId, decision: "approve", source: "ui" })).toMatchObject({ ok: true });
    // Another counter (its fixed text differs), the same first code: 0001.
    await rule("{fonds}-KU·{class}·{year}-0{item:3}");
    const later = await makeVoucher(db, { fondsId: fonds.id, no: 1, period: 4 });
    const second = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 4 }, {}, await deps());
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    const decided = await decideApproval(contextFor(db, approver.actor), { approvalId: second.value.approvalId, decision: "approve", source: "ui" });
    expect(decided).toEqual({ ok: false, error: { code: "filing.code_taken", params: { code: `${fonds.code}-KU·PZ·2024-0001` } } });
    expect((await db.select().from(records).where(eq(records.id, later)))[0]).toMatchObject({ state: "filing", archivalCode: null });
    expect((await db.select().from(filings).where(eq(filings.id, second.value.id)))[0]).toMatchObject({ state: "pending" });
  });

  it("gives gapless, unique item numbers when two archivists' filings are approved at the same moment", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    // Numbered through the year (no {volume}), so both filings draw from one counter.
    await db.update(archivalCodeRules).set({ template: "{fonds}-KU·{class}·{year}-{item:5}" }).where(eq(archivalCodeRules.fondsId, fonds.id));
    await makeMonth(db, fonds.id, { 记: 12 }, 2024, 4);
    await makeMonth(db, fonds.id, { 记: 9 }, 2024, 5);
    const ctx = contextFor(db, archivist.actor);
    const a = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 4 }, {}, await deps());
    const b = await submitFiling(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 5 }, {}, await deps());
    if (!a.ok || !b.ok) throw new Error("submit failed");
    const approve = (id: string) => decideApproval(contextFor(db, approver.actor), { approvalId: id, decision: "approve", source: "ui" });
    const results = await Promise.all([approve(a.value.approvalId!), approve(b.value.approvalId!)]);
    expect(results.every((r) => r.ok)).toBe(true);
    const filed = await db.select({ itemNo: records.itemNo, code: records.archivalCode }).from(records).where(and(eq(records.fondsId, fonds.id), eq(records.state, "archived")));
    expect(filed.map((r) => r.itemNo).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(new Set(filed.map((r) => r.code)).size).toBe(21);
    const [counter] = await db.select().from(codeSequences).where(and(eq(codeSequences.fondsId, fonds.id), eq(codeSequences.sequenceKey, `item:${fonds.code}-KU·PZ·2024-`)));
    expect(counter!.lastValue).toBe(21);
  });
});
