import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { and, count, desc, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { alerts, auditEvents, notifications, recordFiles, recordLinks, storedFiles } from "@/db/schema";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { attachFile, makeSourceDocument, makeVolume, makeVoucher, sealVolume } from "@/db/test/search-factories";
import { testDb } from "@/db/test/setup";
import type { Actor } from "@/lib/context";
import { getEnv } from "@/lib/env";
import { statusFor } from "@/lib/http/status";
import { getArchiveStats } from "@/lib/stats/get-archive-stats";
import { getObjectStore } from "@/lib/storage";
import { downloadRecordFile } from "./download-record-file";
import { getBrowseTree } from "./get-browse-tree";
import { getRecord } from "./get-record";
import { viewRecord } from "./view-record";

const { db } = testDb();
let fonds: { id: string; code: string };
let archivist: Actor;
let outsider: Actor;
let borrower: Actor;
let voucherId: string;
let invoiceId: string;
let pdfFileId: string;
let xmlFileId: string;

const attach = (recordId: string, bytes: Uint8Array, mediaType: string, fileName: string) =>
  attachFile(db, getObjectStore(), { recordId, bytes, mediaType, fileName });

const auditCount = async (action: string, recordId: string) =>
  (await db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, recordId))))[0]!.n;

beforeAll(async () => {
  fonds = await makeFonds(db);
  const other = await makeFonds(db);
  archivist = (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor;
  outsider = (await makeUser(db, [{ role: "archivist", fondsId: other.id }])).actor;
  borrower = (await makeUser(db, [{ role: "borrower", fondsId: fonds.id }])).actor;
  const volumeId = await makeVolume(db, { fondsId: fonds.id, fiscalYear: 2023, period: 3, title: "2023年3月 记账凭证 第1册" });
  voucherId = await makeVoucher(db, {
    fondsId: fonds.id,
    title: "报销差旅费",
    amount: "1280.50",
    volumeId,
    lines: [
      { accountCode: "660201", accountName: "管理费用-差旅费", debit: "1000.25" },
      { accountCode: "660201", accountName: "管理费用-差旅费", debit: "280.25" },
      { accountCode: "1002", accountName: "银行存款", credit: "1280.50" },
    ],
  });
  await sealVolume(db, volumeId);
  invoiceId = await makeSourceDocument(db, {
    fondsId: fonds.id,
    title: "电子发票 北京恒通物流有限公司",
    documentNo: "25312000000385708609",
    data: { invoice: { number: "25312000000385708609", kind: "fully_digital_general", issueDate: "2023-03-10", sellerName: "北京恒通物流有限公司", sellerTaxId: "91110000MA0000000X", buyerName: "华夏", amount: "1208.02", tax: "72.48", total: "1280.50", currency: "CNY", items: [], source: "xml" } },
  });
  await db.insert(recordLinks).values({ fromRecordId: voucherId, toRecordId: invoiceId, linkType: "source_document" });
  const pdf = await PDFDocument.create();
  pdf.addPage([200, 200]).drawText("invoice");
  pdfFileId = await attach(invoiceId, await pdf.save(), "application/pdf", "发票.pdf");
  xmlFileId = await attach(invoiceId, new TextEncoder().encode(`<EInvoice>${invoiceId}</EInvoice>`), "application/xml", "发票.xml");
});

describe("viewRecord", () => {
  it("shows a voucher with exact totals, its invoice both ways, and writes the view to the audit trail it shows", async () => {
    const r = await viewRecord(contextFor(db, archivist), { id: voucherId });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value.totals).toEqual({ debit: "1280.5", credit: "1280.5" });
    expect(r.value.volume?.title).toBe("2023年3月 记账凭证 第1册");
    expect(r.value.links).toMatchObject([{ id: invoiceId, direction: "to", linkType: "source_document", document: { documentNo: "25312000000385708609" } }]);
    expect(r.value.links[0]!.files.map((f) => f.fileName).sort()).toEqual(["发票.pdf", "发票.xml"]);
    expect(r.value.history[0]).toMatchObject({ action: "record.viewed", actorName: archivist.displayName });
    expect(await auditCount("record.viewed", voucherId)).toBe(1);

    const back = await viewRecord(contextFor(db, archivist), { id: invoiceId });
    expect(back.ok && back.value.links).toMatchObject([{ id: voucherId, direction: "from" }]);
    expect(back.ok && back.value.document?.data).toHaveProperty("invoice.total", "1280.50");
  });

  it("answers not found to other fonds and refuses borrowers, writing nothing", async () => {
    const before = await auditCount("record.viewed", voucherId);
    const r = await viewRecord(contextFor(db, outsider), { id: voucherId });
    expect(!r.ok && r.error.code).toBe("record.not_found");
    const b = await viewRecord(contextFor(db, borrower), { id: voucherId });
    expect(!b.ok && b.error.code).toBe("auth.forbidden");
    const bad = await viewRecord(contextFor(db, archivist), { id: "nope" });
    expect(!bad.ok && bad.error.code).toBe("validation.invalid_input");
    expect(await auditCount("record.viewed", voucherId)).toBe(before);
  });

  it("audits a view through getRecord too, which GET /api/records/:id and the OA embed serve", async () => {
    const before = await auditCount("record.viewed", voucherId);
    const r = await getRecord(contextFor(db, archivist), { id: voucherId });
    expect(r.ok).toBe(true);
    expect(await auditCount("record.viewed", voucherId)).toBe(before + 1);
    expect((await getRecord(contextFor(db, outsider), { id: voucherId })).ok).toBe(false);
    expect(await auditCount("record.viewed", voucherId)).toBe(before + 1);
  });
});

describe("downloadRecordFile", () => {
  it("serves a PDF as a watermarked rendition and audits the preview", async () => {
    const r = await downloadRecordFile(contextFor(db, archivist, () => new Date("2026-11-29T01:30:00Z")), { recordId: invoiceId, fileId: pdfFileId });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value).toMatchObject({ mediaType: "application/pdf", watermarked: true, fileName: "发票.pdf" });
    const doc = await PDFDocument.load(await buffer(r.value.body));
    expect(doc.getPageCount()).toBe(1);
    // The rendition differs from the stored original, which stays bit-exact.
    const [original] = await db.select({ size: storedFiles.size }).from(storedFiles).innerJoin(recordFiles, eq(recordFiles.fileId, storedFiles.id)).where(eq(recordFiles.id, pdfFileId));
    expect(r.value.size).not.toBe(original!.size);
    const [entry] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "record.file_previewed"), eq(auditEvents.targetId, invoiceId)));
    expect(entry?.data).toMatchObject({ fileId: pdfFileId, watermarked: true, verified: "before_sending" });
  });

  it("serves other formats as stored and audits the download", async () => {
    const r = await downloadRecordFile(contextFor(db, archivist), { recordId: invoiceId, fileId: xmlFileId, disposition: "attachment" });
    if (!r.ok) throw new Error(r.error.code);
    const text = `<EInvoice>${invoiceId}</EInvoice>`;
    expect({ watermarked: r.value.watermarked, size: r.value.size, text: (await buffer(r.value.body)).toString("utf8") }).toEqual({ watermarked: false, size: Buffer.byteLength(text), text });
    expect(await auditCount("record.file_downloaded", invoiceId)).toBe(1);
    const [entry] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "record.file_downloaded"), eq(auditEvents.targetId, invoiceId)));
    expect(entry?.data).toMatchObject({ fileId: xmlFileId, verified: "while_sending" });
    expect(await auditCount("record.file_damage_found", invoiceId)).toBe(0);
  });

  it("streams a PDF too large to render as stored, checked as it goes, rather than reading it whole", async () => {
    const [original] = await db.select({ size: storedFiles.size }).from(storedFiles).innerJoin(recordFiles, eq(recordFiles.fileId, storedFiles.id)).where(eq(recordFiles.id, pdfFileId));
    const r = await downloadRecordFile(contextFor(db, archivist), { recordId: invoiceId, fileId: pdfFileId }, { renditionMaxBytes: original!.size - 1 });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value).toMatchObject({ mediaType: "application/pdf", watermarked: false, fileName: "发票.pdf", size: original!.size });
    expect((await buffer(r.value.body)).length).toBe(original!.size);
    const [entry] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "record.file_previewed"), eq(auditEvents.targetId, invoiceId))).orderBy(desc(auditEvents.id)).limit(1);
    expect(entry?.data).toMatchObject({ fileId: pdfFileId, watermarked: false, verified: "while_sending" });
  });

  describe("of a file whose bytes no longer match the digest fixed at ingest", () => {
    // A fonds of their own, so the damaged records do not count in the figures tested below.
    let keeper: Awaited<ReturnType<typeof makeUser>>;
    let keptFonds: { id: string };
    beforeAll(async () => {
      keptFonds = await makeFonds(db);
      keeper = await makeUser(db, [{ role: "archivist", fondsId: keptFonds.id }]);
    });
    /** Overwrites the stored bytes as a bad sector or a tamperer would, keeping the size. */
    const damage = async (recordFileId: string) => {
      const [row] = await db.select({ id: storedFiles.id, storageKey: storedFiles.storageKey, size: storedFiles.size, sha256: storedFiles.sha256 }).from(storedFiles).innerJoin(recordFiles, eq(recordFiles.fileId, storedFiles.id)).where(eq(recordFiles.id, recordFileId));
      await writeFile(path.resolve(getEnv().ACTA_DATA_DIR, "files", row!.storageKey), Buffer.alloc(row!.size, "x"));
      return row!;
    };
    const damageEntry = async (recordId: string) =>
      (await db.select().from(auditEvents).where(and(eq(auditEvents.action, "record.file_damage_found"), eq(auditEvents.targetId, recordId))).orderBy(desc(auditEvents.id)).limit(1))[0];

    it("refuses a PDF before sending any of it, alerts as the fixity audit does, and says so in the trail", async () => {
      const recordId = await makeVoucher(db, { fondsId: keptFonds.id, title: "损坏的凭证" });
      const pdf = await PDFDocument.create();
      pdf.addPage([200, 200]).drawText("damaged later");
      const fileId = await attach(recordId, await pdf.save(), "application/pdf", "记账凭证.pdf");
      const stored = await damage(fileId);

      const r = await downloadRecordFile(contextFor(db, keeper.actor), { recordId, fileId });
      expect(!r.ok && r.error.code).toBe("records-ui.stored_file_damaged");
      const raised = await db.select().from(alerts).where(eq(alerts.fileId, stored.id));
      expect(raised).toMatchObject([{ kind: "fixity_mismatch", recordId, fondsId: keptFonds.id, resolvedAt: null, params: { fileName: "记账凭证.pdf", expected: stored.sha256 } }]);
      expect(await db.select().from(notifications).where(and(eq(notifications.userId, keeper.id), eq(notifications.kind, "fixity.notification.fixity_mismatch")))).toHaveLength(1);
      expect((await damageEntry(recordId))?.data).toMatchObject({ fileId, fileName: "记账凭证.pdf", disposition: "inline", outcome: "refused", expected: { sha256: stored.sha256, size: stored.size }, found: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: stored.size } });
      // Nothing was handed out, so nothing is recorded as previewed.
      expect(await auditCount("record.file_previewed", recordId)).toBe(0);

      // Asked again, it is refused again, under the alert already open.
      expect(await downloadRecordFile(contextFor(db, keeper.actor), { recordId, fileId })).toMatchObject({ ok: false, error: { code: "records-ui.stored_file_damaged" } });
      expect(await db.select().from(alerts).where(eq(alerts.fileId, stored.id))).toHaveLength(1);
    });

    it("answers a file whose bytes are gone from the store as Acta's failure, raising the missing-file alert once", async () => {
      const recordId = await makeVoucher(db, { fondsId: keptFonds.id, title: "丢失的凭证" });
      const fileId = await attach(recordId, Buffer.from("<EInvoice>丢失</EInvoice>"), "application/xml", "发票.xml");
      const [row] = await db.select({ id: storedFiles.id, storageKey: storedFiles.storageKey, sha256: storedFiles.sha256 }).from(storedFiles).innerJoin(recordFiles, eq(recordFiles.fileId, storedFiles.id)).where(eq(recordFiles.id, fileId));
      await rm(path.resolve(getEnv().ACTA_DATA_DIR, "files", row!.storageKey));

      const r = await downloadRecordFile(contextFor(db, keeper.actor), { recordId, fileId });
      expect(!r.ok && r.error.code).toBe("records-ui.stored_file_not_found");
      expect(statusFor("records-ui.stored_file_not_found")).toBe(503);
      expect(await db.select().from(alerts).where(eq(alerts.fileId, row!.id))).toMatchObject([{ kind: "file_missing", recordId, fondsId: keptFonds.id, resolvedAt: null }]);
      expect((await damageEntry(recordId))?.data).toMatchObject({ fileId, fileName: "发票.xml", outcome: "missing", expected: { sha256: row!.sha256 }, found: null });
      expect(await downloadRecordFile(contextFor(db, keeper.actor), { recordId, fileId })).toMatchObject({ ok: false, error: { code: "records-ui.stored_file_not_found" } });
      expect(await db.select().from(alerts).where(eq(alerts.fileId, row!.id))).toHaveLength(1);
    });

    it("streams other formats checking as it goes, and cuts the download short when the end does not match", async () => {
      const recordId = await makeVoucher(db, { fondsId: keptFonds.id, title: "损坏的 XML" });
      const fileId = await attach(recordId, Buffer.from(`<EInvoice>${"发票".repeat(100_000)}</EInvoice>`), "application/xml", "发票.xml");
      const stored = await damage(fileId);

      const r = await downloadRecordFile(contextFor(db, keeper.actor), { recordId, fileId, disposition: "attachment" });
      if (!r.ok) throw new Error(r.error.code);
      // Declared in full, so a client that gets less knows the download failed.
      expect(r.value.size).toBe(stored.size);
      let received = 0;
      r.value.body.on("data", (chunk: Buffer) => (received += chunk.length));
      await expect(buffer(r.value.body)).rejects.toThrow(/digest/);
      expect(received).toBeLessThan(stored.size);
      expect(await db.select().from(alerts).where(eq(alerts.fileId, stored.id))).toMatchObject([{ kind: "fixity_mismatch", recordId, resolvedAt: null }]);
      // The download was recorded before the bytes went out; what the check found follows it.
      expect(await auditCount("record.file_downloaded", recordId)).toBe(1);
      expect((await damageEntry(recordId))?.data).toMatchObject({ fileId, disposition: "attachment", outcome: "aborted", expected: { sha256: stored.sha256, size: stored.size }, found: { size: stored.size } });
    });
  });

  it("hides files of other fonds and of other records, and audits nothing then", async () => {
    const before = await auditCount("record.file_downloaded", invoiceId);
    for (const [actor, input] of [
      [outsider, { recordId: invoiceId, fileId: pdfFileId, disposition: "attachment" }],
      [borrower, { recordId: invoiceId, fileId: pdfFileId, disposition: "attachment" }],
      [archivist, { recordId: voucherId, fileId: pdfFileId, disposition: "attachment" }],
    ] as const) {
      const r = await downloadRecordFile(contextFor(db, actor), input);
      expect(!r.ok && r.error.code).toBe("records-ui.file_not_found");
    }
    expect(await auditCount("record.file_downloaded", invoiceId)).toBe(before);
  });
});

describe("getBrowseTree and getArchiveStats", () => {
  it("counts the tree down to the volume of the opened year", async () => {
    const r = await getBrowseTree(contextFor(db, borrower), { fondsId: fonds.id, fiscalYear: "2023" });
    if (!r.ok) throw new Error(r.error.code);
    const year = r.value.years.find((y) => y.fiscalYear === 2023)!;
    expect(year.total).toBe(2);
    const march = year.categories.find((c) => c.category === "voucher")!.months.find((m) => m.period === 3)!;
    expect(march.volumes).toMatchObject([{ title: "2023年3月 记账凭证 第1册", total: 1 }]);
    const refused = await getBrowseTree(contextFor(db, outsider), { fondsId: fonds.id });
    expect(!refused.ok && refused.error.code).toBe("auth.forbidden");
  });

  it("summarises the fonds for the dashboard, for stats.read only", async () => {
    const r = await getArchiveStats(contextFor(db, archivist, () => new Date("2053-06-01T00:00:00Z")), { fondsId: fonds.id });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value).toMatchObject({ total: 2, collectedNotFiled: 2, failedChecks: 0, pendingApprovals: 0, expiringWithinYear: 1 });
    expect(r.value.byYear).toEqual([{ fiscalYear: 2023, total: 2, archived: 0 }]);
    // 00:30 on 1 June in Beijing is still 31 May in UTC: the window starts on Beijing's date.
    const early = await getArchiveStats(contextFor(db, archivist, () => new Date("2053-05-31T16:30:00Z")), { fondsId: fonds.id });
    expect(early.ok && early.value.expiryWindow).toEqual({ from: "2053-06-01", to: "2054-06-01" });
    const b = await getArchiveStats(contextFor(db, borrower), { fondsId: fonds.id });
    expect(!b.ok && b.error.code).toBe("auth.forbidden");
  });
});
