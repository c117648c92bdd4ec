import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/db";
import { recordFiles, recordLinks, records, sourceDocuments, storedFiles, voucherLines, vouchers } from "@/db/schema";
import type { ObjectStore } from "@/lib/storage";
import { createLocalStore } from "@/lib/storage/local-store";
import { makeFonds, makeUser } from "./factories";

/** A content-addressed store in a temporary folder; `cleanup` removes it. */
export async function tempStore(): Promise<{ store: ObjectStore; dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "acta-archive-store-"));
  return { store: createLocalStore(dir), dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The virus scanner of a machine without ClamAV: the checks record the scan as not run. */
export const noAntivirus = { available: async () => false, scan: async () => ({ status: "clean" as const }) };

/** What submitFiling needs in a test: a temporary store, removed with the file's other `cleanups`, and no scanner. */
export async function filingDeps(cleanups: (() => Promise<void>)[]) {
  const s = await tempStore();
  cleanups.push(s.cleanup);
  return { store: s.store, antivirus: noAntivirus };
}

/** A fonds with an archivist and a finance approver of its own. */
export async function makeArchiveFonds(db: Db, schedule: "enterprise" | "public_sector" = "enterprise") {
  const fonds = await makeFonds(db, schedule);
  const archivist = await makeUser(db, [{ role: "archivist", fondsId: fonds.id }]);
  const approver = await makeUser(db, [{ role: "finance_approver", fondsId: fonds.id }]);
  return { fonds, archivist, approver };
}

/** A small, well-formed PDF whose bytes differ per call (so each file has its own digest). */
export function pdfBytes(label = randomBytes(6).toString("hex")): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n% ${label}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, "latin1");
}

/** Stores bytes and attaches them to a record as it would be at ingest (digest and type recorded then). */
export async function attachFile(db: Db, store: ObjectStore, recordId: string, bytes: Buffer, fileName = "记账凭证.pdf", mediaType = "application/pdf", role: "content" | "attachment" | "metadata" = "content") {
  const stored = await store.put(bytes);
  const [file] = await db
    .insert(storedFiles)
    .values({ sha256: stored.sha256, sm3: stored.sm3, size: stored.size, mediaType, storageKey: stored.storageKey })
    .onConflictDoUpdate({ target: storedFiles.sha256, set: { mediaType } })
    .returning({ id: storedFiles.id, storageKey: storedFiles.storageKey });
  await db.insert(recordFiles).values({ recordId, fileId: file!.id, fileName, role });
  return { fileId: file!.id, storageKey: file!.storageKey };
}

export interface VoucherSpec {
  fondsId: string;
  fiscalYear?: number;
  period?: number;
  word?: string;
  no: number;
  amount?: string;
  /** Overrides of the metadata (DA/T 94 App. A elements as the checks read them). */
  metadata?: Record<string, unknown>;
  attachmentCount?: number;
  preparer?: string | null;
  lines?: { debit: string; credit: string }[];
  retention?: "Y30" | "Y10" | "permanent";
  sourceSystem?: string;
}

/** A collected 记账凭证 with balanced lines and complete metadata: it passes every automatic check. */
export async function makeVoucher(db: Db, spec: VoucherSpec) {
  const fiscalYear = spec.fiscalYear ?? 2024;
  const period = spec.period ?? 3;
  const word = spec.word ?? "记";
  const amount = spec.amount ?? "1200.50";
  const date = `${fiscalYear}-${String(period).padStart(2, "0")}-15`;
  const preparer = spec.preparer === undefined ? "张三" : spec.preparer;
  const metadata = {
    title: "报销差旅费",
    fiscalYear,
    period,
    voucherWord: word,
    voucherNo: String(spec.no),
    voucherDate: date,
    summary: "报销差旅费",
    preparer,
    reviewer: "李四",
    poster: "王五",
    attachmentCount: spec.attachmentCount ?? 0,
    currency: "CNY",
    ...spec.metadata,
  };
  const [record] = await db
    .insert(records)
    .values({
      fondsId: spec.fondsId,
      category: "voucher",
      materialType: "voucher",
      fiscalYear,
      periodKind: "month",
      period,
      title: `${word}-${spec.no} 报销差旅费`,
      docDate: date,
      amount,
      retention: spec.retention ?? "Y30",
      metadata,
      sourceSystem: spec.sourceSystem ?? "test",
      sourceKey: `test-${randomUUID()}`,
    })
    .returning({ id: records.id });
  const id = record!.id;
  const lines = spec.lines ?? [
    { debit: amount, credit: "0" },
    { debit: "0", credit: amount },
  ];
  await db.insert(vouchers).values({
    recordId: id,
    fondsId: spec.fondsId,
    sourceSystem: spec.sourceSystem ?? "test",
    fiscalYear,
    period,
    voucherWord: word,
    voucherNo: String(spec.no),
    voucherNoNum: spec.no,
    voucherDate: date,
    summary: "报销差旅费",
    preparer,
    reviewer: "李四",
    poster: "王五",
    cashier: "赵六",
    attachmentCount: spec.attachmentCount ?? 0,
    debitTotal: amount,
    creditTotal: amount,
  });
  await db.insert(voucherLines).values(
    lines.map((l, i) => ({ recordId: id, seq: i + 1, summary: "报销差旅费", accountCode: i === 0 ? "6602" : "1002", debit: l.debit, credit: l.credit })),
  );
  return id;
}

/** A month of consecutively numbered vouchers per word: `{ 记: 100, 收: 40 }`. */
export async function makeMonth(db: Db, fondsId: string, counts: Record<string, number>, fiscalYear = 2024, period = 3) {
  const ids: Record<string, string[]> = {};
  for (const [word, n] of Object.entries(counts)) {
    ids[word] = [];
    for (let no = 1; no <= n; no++) ids[word].push(await makeVoucher(db, { fondsId, fiscalYear, period, word, no }));
  }
  return ids;
}

/** A 原始凭证 (e-invoice) record linked to its voucher. */
export async function makeSourceDocument(db: Db, fondsId: string, voucherId: string, fiscalYear = 2024, period = 3) {
  const [record] = await db
    .insert(records)
    .values({ fondsId, category: "voucher", materialType: "source_document", fiscalYear, periodKind: "month", period, title: "电子发票", retention: "Y30", metadata: { title: "电子发票", fiscalYear, materialType: "source_document" } })
    .returning({ id: records.id });
  const id = record!.id;
  await db.insert(sourceDocuments).values({ recordId: id, fondsId, kind: "einvoice", documentNo: randomBytes(10).toString("hex") });
  await db.insert(recordLinks).values({ fromRecordId: voucherId, toRecordId: id, linkType: "source_document" });
  return id;
}

/** A ledger or report record (not a voucher). */
export async function makeRecord(db: Db, spec: { fondsId: string; category: "ledger" | "report" | "other"; materialType: string; fiscalYear?: number; period?: number | null; periodKind?: "month" | "quarter" | "half" | "year" | null; retention?: "Y30" | "Y10" | "permanent" | "after_disposal_5y"; disposalDate?: string | null; metadata?: Record<string, unknown> }) {
  const fiscalYear = spec.fiscalYear ?? 2024;
  const [record] = await db
    .insert(records)
    .values({
      fondsId: spec.fondsId,
      category: spec.category,
      materialType: spec.materialType,
      fiscalYear,
      periodKind: spec.periodKind ?? null,
      period: spec.period ?? null,
      title: `${fiscalYear} ${spec.materialType}`,
      retention: spec.retention ?? "Y30",
      disposalDate: spec.disposalDate ?? null,
      metadata: { title: `${fiscalYear} ${spec.materialType}`, fiscalYear, ...spec.metadata },
    })
    .returning({ id: records.id });
  return record!.id;
}
