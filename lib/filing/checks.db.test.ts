import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { records, storedFiles, voucherLines, vouchers } from "@/db/schema";
import { attachFile, makeArchiveFonds, makeRecord, makeSourceDocument, makeVoucher, pdfBytes, tempStore, noAntivirus } from "@/db/test/archive-factories";
import { contextFor, makeUser } from "@/db/test/factories";
import { fixture, importFile, makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { METADATA_FILE_MAX_BYTES } from "@/lib/archive/checks/usability";
import { systemContext } from "@/lib/context";
import { SCAN_OVERLAP, SCAN_WINDOW } from "@/lib/files/identify";
import { prepareQueues } from "@/lib/jobs/worker";
import { viewRecord } from "@/lib/records/view-record";
import type { CheckDeps } from "./check-batch";
import { loadCheckRun } from "./check-runs";
import { getCheckReport } from "./queries/get-check-report";
import { recordManualCheck } from "./record-manual-check";
import { type CheckRunOutcome, runFilingChecks } from "./run-filing-checks";
import { updateFondsFilingSettings } from "@/lib/rules/update-fonds-filing-settings";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
const ENCRYPTED_PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF\n", "latin1");
const INFECTED = Buffer.from("%PDF-1.4\n% EICAR-STANDARD-ANTIVIRUS-TEST\n%%EOF\n", "latin1");

/**
 * One batch in which each record breaks exactly one rule, next to a record that keeps them all: every
 * implemented DA/T 70 filing-stage item is seen passing and failing through the database wiring (rows,
 * stored bytes, digests recomputed through the store, sniffed types, a scanner).
 */
describe("four-property checks on the database (DA/T 70 GD)", () => {
  let run: CheckRunOutcome;
  let clean: CheckRunOutcome;
  const ids: Record<string, string> = {};
  let ctx: ReturnType<typeof contextFor>;

  beforeAll(async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    ctx = contextFor(db, archivist.actor);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const scanner: NonNullable<CheckDeps["antivirus"]> = {
      available: async () => true,
      scan: async (file) => ((await import("node:fs/promises")).readFile(file, "latin1").then((t) => (t.includes("EICAR") ? { status: "infected" as const, signature: "Eicar-Test-Signature" } : { status: "clean" as const }))),
    };
    expect(await updateFondsFilingSettings(ctx, { fondsId: fonds.id, checks: { voucherWords: ["记", "收", "付", "转"], attachmentShortfallOutcome: "fail" } })).toMatchObject({ ok: true });
    let no = 0;
    const voucher = async (name: string, spec: Parameters<typeof makeVoucher>[1] extends infer S ? Partial<S> : never = {}) => {
      ids[name] = await makeVoucher(db, { fondsId: fonds.id, no: ++no, metadata: { fileCount: 1 }, ...spec });
      return ids[name]!;
    };
    await voucher("good", { attachmentCount: 1, metadata: { fileCount: 1, attachmentCount: 1 } });
    await attachFile(db, s.store, ids.good!, pdfBytes());
    await attachFile(db, s.store, ids.good!, Buffer.from("<?xml version=\"1.0\"?><VOUCHER><VOUCHER_NO>1</VOUCHER_NO></VOUCHER>"), "元数据文件.xml", "application/xml", "metadata");
    ids.document = await makeSourceDocument(db, fonds.id, ids.good!);

    const corrupted = await attachFile(db, s.store, await voucher("digest"), pdfBytes());
    await writeFile(path.join(s.dir, corrupted.storageKey), "altered after ingest");
    const lost = await attachFile(db, s.store, await voucher("missing"), pdfBytes());
    await s.store.remove(lost.storageKey);
    await voucher("long", { metadata: { fileCount: 0, summary: "差".repeat(501) } });
    await voucher("format", { metadata: { fileCount: 0, voucherDate: "2024-02-30" } });
    await voucher("word", { word: "现", metadata: { fileCount: 0, voucherWord: "现" } });
    const unbalanced = await voucher("unbalanced", { metadata: { fileCount: 0 } });
    await db.update(voucherLines).set({ credit: "1.00" }).where(eq(voucherLines.recordId, unbalanced));
    await voucher("characters", { metadata: { fileCount: 0, summary: "报销\u0007差旅费" } });
    await voucher("codeOk", { metadata: { fileCount: 0 } });
    await db.update(records).set({ archivalCode: `${fonds.code}-KU·PZ·2024·D30-0009-0001` }).where(eq(records.id, ids.codeOk!));
    await voucher("codeBad", { metadata: { fileCount: 0 } });
    await db.update(records).set({ archivalCode: `${fonds.code}-PZ-2024-9-1` }).where(eq(records.id, ids.codeBad!));
    await voucher("duplicateA", { no: 90, sourceSystem: "u8", metadata: { fileCount: 0, voucherNo: "90" } });
    await voucher("duplicateB", { no: 90, sourceSystem: "kingdee", metadata: { fileCount: 0, voucherNo: "90" } });
    await attachFile(db, s.store, await voucher("attributes"), PNG, "凭证.pdf", "application/pdf");
    // A voucher's elements all come from its header, so only a sender's own elements can be missing: a journal
    // whose metadata never names its ledgerKind, preparer or reviewer.
    ids.elements = await makeRecord(db, { fondsId: fonds.id, category: "ledger", materialType: "journal", periodKind: "month", period: 3 });
    // A package's manifest names a ledger's 编制人 and 审核人; its kind is its material type.
    ids.signedLedger = await makeRecord(db, { fondsId: fonds.id, category: "ledger", materialType: "general_ledger", periodKind: "month", period: 3, metadata: { preparer: "张三", reviewer: "李四" } });
    // What an ERP import stores: the description as columns and header, no metadata of its own.
    await db.update(records).set({ metadata: {} }).where(eq(records.id, await voucher("imported", { attachmentCount: 0 })));
    const unsigned = await voucher("required", { preparer: null, metadata: { fileCount: 0, preparer: "" } });
    await db.update(vouchers).set({ preparer: null }).where(eq(vouchers.recordId, unsigned));
    await voucher("attachments", { attachmentCount: 2, metadata: { fileCount: 0, attachmentCount: 2 } });
    ids.scope = (await db.insert(records).values({ fondsId: fonds.id, category: "other", materialType: "budget", fiscalYear: 2024, period: 3, title: "预算", retention: "Y30", metadata: { title: "预算", fiscalYear: 2024, materialType: "budget" } }).returning({ id: records.id }))[0]!.id;
    await voucher("fileCount", { metadata: { fileCount: 3 } });
    await attachFile(db, s.store, ids.fileCount!, pdfBytes());
    await attachFile(db, s.store, await voucher("metadataXml"), Buffer.from("<VOUCHER><NO>1</VOUCHER>"), "元数据文件.xml", "application/xml", "metadata");
    await db.update(records).set({ metadata: { ...(await db.select().from(records).where(eq(records.id, ids.metadataXml!)))[0]!.metadata, fileCount: 0 } }).where(eq(records.id, ids.metadataXml!));
    await attachFile(db, s.store, await voucher("txt"), Buffer.from("plain text, not an archival format"), "说明.txt", "text/plain");
    await attachFile(db, s.store, await voucher("encrypted"), ENCRYPTED_PDF);
    await attachFile(db, s.store, await voucher("virus"), INFECTED);
    await attachFile(db, s.store, await voucher("litter"), pdfBytes(), "Thumbs.db");
    // A failing disk or a folder restored over the file: the bytes are there but cannot be read.
    const unreadable = async (stored: { storageKey: string }) => {
      await rm(path.join(s.dir, stored.storageKey));
      await mkdir(path.join(s.dir, stored.storageKey));
    };
    await unreadable(await attachFile(db, s.store, await voucher("unreadable"), pdfBytes()));
    await unreadable(await attachFile(db, s.store, await voucher("unreadableMetadata", { metadata: { fileCount: 0 } }), Buffer.from("<VOUCHER/>"), "元数据文件.xml", "application/xml", "metadata"));

    const r = await runFilingChecks(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, { store: s.store, antivirus: scanner });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    run = r.value;

    const second = await makeArchiveFonds(db);
    for (let n = 1; n <= 3; n++) await makeVoucher(db, { fondsId: second.fonds.id, no: n });
    const c = await runFilingChecks(contextFor(db, second.archivist.actor), { fondsId: second.fonds.id, fiscalYear: 2024, period: 3 }, { store: s.store, antivirus: scanner });
    if (!c.ok) throw new Error(c.error.code);
    clean = c.value;
  });

  const result = (code: string, who: string | null) => {
    const found = run.results.filter((r) => r.code === code && r.recordId === (who === null ? null : ids[who]));
    expect(found, `${code} for ${who}`).toHaveLength(1);
    return found[0]!;
  };

  it.each([
    ["1-1", "digest", "fail", "archive.check.digest_mismatch"],
    ["1-1", "missing", "not_performed", "archive.check.digest_unavailable"],
    ["1-2", "long", "fail", "archive.check.too_long"],
    ["1-3", "format", "fail", "archive.check.bad_format"],
    ["1-4", "word", "fail", "archive.check.voucher_word_unknown"],
    ["1-5", "unbalanced", "fail", "archive.check.unbalanced"],
    ["1-6", "characters", "fail", "archive.check.special_characters"],
    ["1-7", "codeOk", "pass", "archive.check.code_valid"],
    ["1-7", "codeBad", "fail", "archive.check.code_malformed"],
    ["1-8", "duplicateA", "fail", "archive.check.duplicate_voucher"],
    ["1-10", "attributes", "fail", "archive.check.attribute_mismatch"],
    ["1-11", "missing", "fail", "archive.check.files_missing"],
    ["2-3", "elements", "fail", "archive.check.elements_missing"],
    ["2-4", "required", "fail", "archive.check.required_empty"],
    ["2-5", "required", "fail", "archive.check.process_incomplete"],
    ["2-8", "attachments", "fail", "archive.check.attachments_missing"],
    ["2-9", "scope", "warning", "archive.check.mapped_to_similar"],
    ["2-11", "fileCount", "fail", "archive.check.file_count_mismatch"],
    ["3-1", "metadataXml", "fail", "archive.check.metadata_file_invalid"],
    ["3-3", "txt", "fail", "archive.check.format_not_allowed"],
    ["3-8", "encrypted", "fail", "archive.check.encrypted"],
    ["4-2", "virus", "fail", "archive.check.virus_found"],
    ["1-1", "unreadable", "fail", "archive.check.file_unreadable"],
    ["3-3", "unreadable", "fail", "archive.check.file_unreadable"],
    ["1-10", "unreadable", "not_performed", "archive.check.content_unavailable"],
    ["3-8", "unreadable", "not_performed", "archive.check.content_unavailable"],
    ["3-1", "unreadableMetadata", "fail", "archive.check.metadata_file_unreadable"],
  ])("%s fails (or warns) for the record that breaks it (%s)", (code, who, outcome, detail) => {
    expect(result(code, who)).toMatchObject({ outcome, detail: { code: detail } });
  });

  it.each([
    ["1-1", "archive.check.digest_ok_no_signature"],
    ["1-2", "archive.check.lengths_ok"],
    ["1-3", "archive.check.formats_ok"],
    ["1-4", "archive.check.values_in_range"],
    ["1-5", "archive.check.voucher_reasonable"],
    ["1-6", "archive.check.characters_ok"],
    ["1-8", "archive.check.no_duplicates"],
    ["1-10", "archive.check.attributes_match"],
    ["1-11", "archive.check.files_present"],
    ["2-3", "archive.check.elements_present"],
    ["2-4", "archive.check.required_present"],
    ["2-5", "archive.check.process_complete"],
    ["2-8", "archive.check.attachments_match"],
    ["2-9", "archive.check.in_schedule"],
    ["2-11", "archive.check.file_count_matches"],
    ["3-1", "archive.check.metadata_file_parses"],
    ["3-2", "archive.check.metadata_readable"],
    ["3-3", "archive.check.formats_allowed"],
    ["3-8", "archive.check.not_encrypted"],
    ["4-2", "archive.check.scan_clean"],
  ])("%s passes for the record that keeps every rule", (code, detail) => {
    expect(result(code, "good")).toMatchObject({ outcome: "pass", detail: { code: detail } });
  });

  it("fails a stored file that cannot be read as damaged, not as missing, and goes on with the other records", () => {
    expect(result("1-11", "unreadable")).toMatchObject({ outcome: "pass", detail: { code: "archive.check.files_present" } });
    expect(result("1-1", "unreadable").detail.params).toEqual({ files: "记账凭证.pdf" });
    expect(result("1-1", "good")).toMatchObject({ outcome: "pass" });
  });

  it.each(["1-2", "1-3", "2-3", "2-4"])("%s judges an imported voucher by the description its columns and header hold", (code) => {
    expect(result(code, "imported")).toMatchObject({ outcome: "pass" });
  });

  it("reads a ledger's kind from its material type, so only the signatures a sender never stated are missing", () => {
    expect(result("2-3", "signedLedger")).toMatchObject({ outcome: "pass" });
    expect(result("2-4", "signedLedger")).toMatchObject({ outcome: "pass" });
    expect(result("2-3", "elements")).toMatchObject({ outcome: "fail", detail: { params: { fields: "preparer, reviewer", count: 2 } } });
  });

  it("answers with the results it stored, one by one", async () => {
    const { db } = testDb();
    const stored = await loadCheckRun(db, run.runId);
    // In one order, compared field by field (jsonb keeps its own key order).
    const sorted = (list: readonly { code: string; recordId: string | null; outcome: string; detail: unknown }[]) =>
      list.map(({ code, recordId, outcome, detail }) => ({ code, recordId, outcome, detail })).sort((a, b) => `${a.code} ${a.recordId}`.localeCompare(`${b.code} ${b.recordId}`));
    expect(sorted(stored!.results)).toEqual(sorted(run.results));
    expect(stored?.summary).toEqual(run.summary);
  });

  it("decides the batch items: numbering, antivirus, extra files, and says what it cannot know", () => {
    expect(run.results.filter((r) => r.code === "2-6").some((r) => r.outcome === "fail" && r.detail.code === "archive.check.numbers_gaps_and_repeats")).toBe(true);
    expect(clean.results.find((r) => r.code === "2-6")).toMatchObject({ outcome: "pass", detail: { code: "archive.check.numbers_consecutive", params: { last: 3 } } });
    expect(result("4-1", null)).toMatchObject({ outcome: "pass" });
    expect(result("4-3", null)).toMatchObject({ outcome: "warning", detail: { code: "archive.check.extra_files", params: { files: "Thumbs.db" } } });
    expect(clean.results.find((r) => r.code === "4-3")).toMatchObject({ outcome: "pass" });
    expect(result("2-1", null)).toMatchObject({ outcome: "not_performed", detail: { code: "archive.check.no_declared_totals" } });
    expect(result("1-12", null)).toMatchObject({ outcome: "not_applicable" });
    expect(result("2-7", "good")).toMatchObject({ outcome: "not_performed", detail: { code: "archive.check.awaiting_manual" } });
    expect(new Set(run.results.map((r) => r.code)).size).toBe(45);
    expect(run.summary.passed).toBe(false);
  });

  it("previews what submission holds back: a failed batch item holds back every collected record", async () => {
    const { db } = testDb();
    const report = await getCheckReport(ctx, { runId: run.runId, heldBack: true });
    if (!report.ok) throw new Error(report.error.code);
    const preview = report.value.heldBack!;
    expect(preview.batchReasons.map((r) => r.params.item)).toContain("2-6");
    expect(preview.count).toBe(preview.collected);
    expect(preview.failed.map((f) => f.record.id)).toContain(ids.unbalanced);
    expect(preview.failed.find((f) => f.record.id === ids.unbalanced)?.reasons).toContainEqual({ code: "archive.check.unbalanced", params: expect.objectContaining({ item: "1-5" }) });
    expect(preview.failedCount).toBe(preview.failed.length);
    const cleanReport = await getCheckReport(systemContext(db), { runId: clean.runId, heldBack: true });
    if (!cleanReport.ok) throw new Error(cleanReport.error.code);
    expect(cleanReport.value.heldBack).toMatchObject({ count: 0, batchReasons: [], failed: [], failedCount: 0 });
    expect(await getCheckReport(systemContext(db), { runId: clean.runId })).toMatchObject({ ok: true, value: { heldBack: null } });
  });

  it("judges a source document by its own metadata and sets each record's check status", async () => {
    expect(result("2-3", "document")).toMatchObject({ outcome: "pass" });
    const { db } = testDb();
    const [good] = await db.select({ status: records.checkStatus }).from(records).where(eq(records.id, ids.good!));
    const [bad] = await db.select({ status: records.checkStatus }).from(records).where(eq(records.id, ids.unbalanced!));
    // The batch failed 2-6, which every record shares; the record's own results decide between warning and pass otherwise.
    expect([good!.status, bad!.status]).toEqual(["failed", "failed"]);
    const cleanStatus = await db.select({ status: records.checkStatus }).from(records).where(eq(records.fondsId, clean.fondsId));
    expect(cleanStatus.every((r) => r.status === "passed")).toBe(true);
  });

  it("records a person's result for a manual item and keeps it in later runs", async () => {
    const recorded = await recordManualCheck(ctx, { runId: run.runId, recordId: ids.good, code: "2-7", outcome: "pass", note: "内容完整" });
    expect(recorded).toEqual({ ok: true, value: { runId: run.runId, code: "2-7", recordId: ids.good, outcome: "pass" } });
    expect(await recordManualCheck(ctx, { runId: run.runId, recordId: ids.good, code: "1-1", outcome: "pass" })).toMatchObject({ ok: false, error: { code: "filing.manual_not_allowed" } });
    expect(await recordManualCheck(ctx, { runId: run.runId, recordId: ids.good, code: "2-7", outcome: "maybe" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    const { db } = testDb();
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const again = await runFilingChecks(ctx, { fondsId: run.fondsId, fiscalYear: 2024, period: 3 }, { store: s.store, antivirus: noAntivirus });
    if (!again.ok) throw new Error(again.error.code);
    expect(again.value.results.find((r) => r.code === "2-7" && r.recordId === ids.good)).toMatchObject({ outcome: "pass", detail: { code: "archive.check.manual_recorded" } });
    const [file] = await db.select().from(storedFiles).limit(1);
    expect(file).toBeDefined();
  });
});

describe("four-property checks of vouchers an ERP export brought in", () => {
  beforeAll(async () => {
    await prepareQueues(inject("databaseUrl"));
  }, 60_000);

  it("finds their description complete: the elements come from the imported header, not a metadata copy", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const imported = await importFile(systemContext(db), connector.id, fixture("kingdee-k3/voucher-export-gbk.csv"));
    expect(imported.run).toMatchObject({ ok: true, value: { state: "succeeded" } });
    const archivist = await makeUser(db, [{ role: "archivist", fondsId: fonds.id }]);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const checked = await runFilingChecks(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, { store: s.store, antivirus: noAntivirus });
    if (!checked.ok) throw new Error(checked.error.code);
    const perRecord = checked.value.results.filter((r) => r.recordId !== null && ["1-2", "1-3", "2-3", "2-4", "2-5"].includes(r.code));
    const checkedVouchers = new Set(perRecord.map((r) => r.recordId));
    expect(checkedVouchers.size).toBeGreaterThan(0);
    expect(perRecord).toHaveLength(5 * checkedVouchers.size);
    expect(perRecord.filter((r) => r.outcome !== "pass").map((r) => `${r.code} ${r.detail.code}`)).toEqual([]);
    // Its history names the import batch that created it and the check run, though neither names it alone;
    // a second import's batch entry for other records stays out.
    await importFile(systemContext(db), connector.id, fixture("kingdee-k3/voucher-export-bom.csv"));
    const viewed = await viewRecord(contextFor(db, archivist.actor), { id: [...checkedVouchers][0] });
    if (!viewed.ok) throw new Error(viewed.error.code);
    expect(viewed.value.history.map((h) => h.action)).toEqual(["record.viewed", "filing.checks_run", "import.vouchers_created"]);
  });
});

describe("checks of files larger than what is read at once", () => {
  it("judge a file by a window of its bytes at a time, and refuse to parse a metadata file over the cap", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const s = await tempStore();
    cleanups.push(s.cleanup);
    // A scanned voucher of several windows whose only trailer, at its end, says it is encrypted.
    const filler = " ".repeat(SCAN_WINDOW * 2 + 1000);
    const big = Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Length ${filler.length} >>\nstream\n${filler}\nendstream\nendobj\ntrailer\n<< /Root 1 0 R /Encrypt 3 0 R >>\n%%EOF\n`, "latin1");
    const encrypted = await makeVoucher(db, { fondsId: fonds.id, no: 1, metadata: { fileCount: 1 } });
    await attachFile(db, s.store, encrypted, big);
    const described = await makeVoucher(db, { fondsId: fonds.id, no: 2, metadata: { fileCount: 0 } });
    await attachFile(db, s.store, described, Buffer.from(`<?xml version="1.0"?><VOUCHER><NOTE>${"注".repeat(METADATA_FILE_MAX_BYTES / 3)}</NOTE></VOUCHER>`), "元数据文件.xml", "application/xml", "metadata");

    // Whatever the checks gather in one piece stays below a window and its overlap, not the file's size.
    const concat = vi.spyOn(Buffer, "concat");
    try {
      const r = await runFilingChecks(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, { store: s.store });
      if (!r.ok) throw new Error(r.error.code);
      const of = (recordId: string, code: string) => r.value.results.find((x) => x.recordId === recordId && x.code === code);
      expect(of(encrypted, "3-8")).toMatchObject({ outcome: "fail", detail: { code: "archive.check.encrypted" } });
      expect(of(described, "3-1")).toMatchObject({ outcome: "fail", detail: { code: "archive.check.metadata_file_too_large", params: { file: "元数据文件.xml", maxMiB: 16 } } });
      expect(Math.max(0, ...concat.mock.results.map((x) => (x.value as Buffer).length))).toBeLessThan(SCAN_WINDOW + SCAN_OVERLAP);
    } finally {
      concat.mockRestore();
    }
  });
});
