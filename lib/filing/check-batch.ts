import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { and, asc, eq, isNotNull, not, or, sql } from "drizzle-orm";
import { anyId } from "@/db/any-id";
import type { DbOrTx } from "@/db";
import { invoices, recordFiles, recordLinks, records, storedFiles, voucherLines, vouchers } from "@/db/schema";
import { isClamAvAvailable, scanFile } from "@/lib/archive/checks/clamav";
import type { CheckContext, CheckFile, CheckRecord, ManualResult } from "@/lib/archive/checks/types";
import { METADATA_FILE_MAX_BYTES } from "@/lib/archive/checks/usability";
import { groupBy } from "@/lib/group-by";
import { SCAN_WINDOW, detectEncryption, readHead, sniffMediaType, someWindow } from "@/lib/files/identify";
import type { ObjectStore } from "@/lib/storage";
import { filedRetention } from "./file-records";
import type { FondsRules } from "./fonds-rules";
import type { ScopeRecord } from "./scope-records";

/** What the checks need from outside the database; tests pass a temporary store and a stub scanner. */
export interface CheckDeps {
  store: ObjectStore;
  antivirus?: { available(): Promise<boolean>; scan(file: string): ReturnType<typeof scanFile> };
}

const clamAv: NonNullable<CheckDeps["antivirus"]> = { available: () => isClamAvAvailable(), scan: (file) => scanFile(file) };

/**
 * The bytes of a stored metadata XML file, read only when its measured size is within the cap, and no further than
 * the cap should they have grown since: the file is parsed whole, and a larger one is no record's description.
 */
async function readMetadataXml(store: ObjectStore, key: string, size: number): Promise<Buffer | "too_large"> {
  if (size > METADATA_FILE_MAX_BYTES) return "too_large";
  const chunks: Buffer[] = [];
  let length = 0;
  const source = await store.open(key);
  try {
    for await (const chunk of source) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length > METADATA_FILE_MAX_BYTES) return "too_large";
    }
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * Marks of a signature a file carries: the 数电票 XML's TaxBureauSignature, an OFD's Signs/ folder, a PDF signature
 * dictionary. Only their presence is known here; verifying them is the e-invoice module's work (1-1 says so).
 */
const SIGNATURE_MARKS: Record<string, RegExp> = {
  "application/xml": /<(\w+:)?SignatureValue\b/,
  "application/ofd": /Signatures\.xml/,
  "application/pdf": /\/Type\s*\/Sig\b/,
};

interface StoredFileRow {
  fileId: string;
  fileName: string;
  role: string;
  storageKey: string;
  sha256: string;
  size: number;
  mediaType: string;
}

/**
 * Measures one stored file now: digest through the store, type and encryption by its bytes, a virus scan. The
 * bytes are copied to a private temporary file (ClamAV reads a path, and the store may not be a local disk) and
 * looked at there: the head for the type, the ZIP directory, a window at a time for PDF encryption and signature
 * marks. No file is held in memory whole, whatever its size (ADR 0017).
 */
async function inspect(file: StoredFileRow, deps: CheckDeps, antivirusAvailable: boolean): Promise<CheckFile> {
  const declared = { name: file.fileName, size: file.size, mediaType: file.mediaType };
  const unmeasured = { name: file.fileName, size: file.size, mediaType: null, sha256AtIngest: file.sha256, sha256Now: null, isEncrypted: false, hasProprietaryCompression: false, hasSignature: false, virusScan: "unavailable", declared } as const;
  const copy = path.join(os.tmpdir(), `acta-check-${randomBytes(8).toString("hex")}`);
  try {
    // Bytes the store holds but cannot hand over (a failing disk, a folder restored over the file) are damaged
    // evidence the items judge, as the fixity audit does; one such file must not stop the checks of the batch.
    const now = await (async () => {
      const digest = await deps.store.digest(file.storageKey);
      if (digest) await pipeline(await deps.store.open(file.storageKey), createWriteStream(copy, { flags: "wx", mode: 0o600 }));
      return digest;
    })().catch(() => "unreadable" as const);
    if (now === "unreadable") return { ...unmeasured, unreadable: true };
    if (!now) return unmeasured;
    const sniffed = await sniffMediaType(await readHead(copy, SCAN_WINDOW), file.fileName, copy);
    const encryption = await detectEncryption(copy, sniffed.mediaType);
    const mark = SIGNATURE_MARKS[sniffed.mediaType];
    const hasSignature = mark ? await someWindow(copy, (window) => mark.test(window.toString("latin1"))) : false;
    let virusScan: CheckFile["virusScan"] = "unavailable";
    let virusName: string | undefined;
    if (antivirusAvailable) {
      const scan = await (deps.antivirus ?? clamAv).scan(copy);
      virusScan = scan.status;
      if (scan.status === "infected") virusName = scan.signature;
    }
    return {
      name: file.fileName,
      size: now.size,
      mediaType: sniffed.mediaType,
      sha256AtIngest: file.sha256,
      sha256Now: now.sha256,
      // A container that cannot be read is reported by 3-3/3-8 through its type; it is not assumed encrypted.
      isEncrypted: encryption.ok ? encryption.value.encrypted : false,
      hasProprietaryCompression: encryption.ok ? encryption.value.proprietaryCompression : false,
      hasSignature,
      virusScan,
      ...(virusName ? { virusName } : {}),
      declared,
    };
  } finally {
    await rm(copy, { force: true });
  }
}

function filedOrStored(rules: FondsRules, row: { materialType: string; category: ScopeRecord["category"]; retention: ScopeRecord["retention"] }): string {
  const filed = filedRetention(rules, row);
  return filed.ok ? filed.value : row.retention;
}

/**
 * The description Acta holds for a record: its columns and, for a voucher, its header, named as the
 * check options name elements (title, fiscalYear, voucherWord…). An ERP import stores these as columns,
 * not again as metadata, so 2-3/2-4 and 1-2/1-3 judge them here; elements the sender stated explicitly
 * (a DA/T 94 package's own metadata) are laid over them. A null column is an element present and empty.
 */
function describedElements(row: typeof records.$inferSelect, header: typeof vouchers.$inferSelect | undefined): Record<string, unknown> {
  return {
    title: row.title,
    fiscalYear: row.fiscalYear,
    periodKind: row.periodKind,
    period: row.period,
    materialType: row.materialType,
    // A ledger's material type is its kind (总账, 明细账, 日记账, 固定资产卡片: DA/T 94 App. A M13).
    ...(row.category === "ledger" ? { ledgerKind: row.materialType } : {}),
    ...(row.amount !== null ? { amount: row.amount } : {}),
    ...(row.archivalCode !== null ? { archivalCode: row.archivalCode } : {}),
    ...(header
      ? {
          voucherWord: header.voucherWord,
          voucherNo: header.voucherNo,
          voucherDate: header.voucherDate,
          summary: header.summary,
          preparer: header.preparer,
          reviewer: header.reviewer,
          poster: header.poster,
          cashier: header.cashier,
          attachmentCount: header.attachmentCount,
          currency: header.currency,
        }
      : {}),
    ...row.metadata,
  };
}

const count = (value: unknown) => (typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null);

/**
 * The plain check context of lib/archive/checks for a set of records, built from the database and the
 * stored bytes. The metadata the ingest recorded (stored_files: size, type, digest) is what 1-1 and 1-10
 * compare the bytes against now.
 */
export async function buildCheckContext(
  db: DbOrTx,
  recordIds: readonly string[],
  rules: FondsRules,
  manualResults: readonly ManualResult[],
  deps: CheckDeps,
  today: string,
): Promise<CheckContext> {
  const ids = [...recordIds];
  const [rows, headers, lines, files, links, invoiceRows] = ids.length
    ? await Promise.all([
        db.select().from(records).where(anyId(records.id, ids)).orderBy(asc(records.createdAt), asc(records.id)),
        db.select().from(vouchers).where(anyId(vouchers.recordId, ids)),
        db.select().from(voucherLines).where(anyId(voucherLines.recordId, ids)).orderBy(asc(voucherLines.recordId), asc(voucherLines.seq)),
        db
          .select({ recordId: recordFiles.recordId, fileId: recordFiles.fileId, fileName: recordFiles.fileName, role: recordFiles.role, storageKey: storedFiles.storageKey, sha256: storedFiles.sha256, size: storedFiles.size, mediaType: storedFiles.mediaType })
          .from(recordFiles)
          .innerJoin(storedFiles, eq(storedFiles.id, recordFiles.fileId))
          .where(anyId(recordFiles.recordId, ids))
          .orderBy(asc(recordFiles.recordId), asc(recordFiles.seq)),
        db
          .select({ from: recordLinks.fromRecordId, to: recordLinks.toRecordId })
          .from(recordLinks)
          .where(and(eq(recordLinks.linkType, "source_document"), or(anyId(recordLinks.fromRecordId, ids), anyId(recordLinks.toRecordId, ids)))),
        db.select({ recordId: invoices.voucherRecordId, no: invoices.invoiceNo, code: invoices.invoiceCode }).from(invoices).where(and(isNotNull(invoices.voucherRecordId), anyId(invoices.voucherRecordId, ids))),
      ])
    : [[], [], [], [], [], []];

  // Each record's rows found by its id: searching every list for every record made a month of 10,000
  // vouchers spend longer here than in all its checks.
  const headerOf = new Map(headers.map((h) => [h.recordId, h]));
  const voucherIds = new Set(headerOf.keys());
  const filesOf = groupBy(files, (f) => f.recordId);
  const linesOf = groupBy(lines, (l) => l.recordId, (l) => ({ summary: l.summary, accountCode: l.accountCode, debit: l.debit, credit: l.credit }));
  const invoicesOf = groupBy(invoiceRows, (i) => i.recordId, (i) => (i.code ? `${i.code}/${i.no}` : i.no));
  // Source documents linked to a record, other than vouchers (a link is counted once, on each side it names).
  const linkedCount = new Map<string, number>();
  const countLink = (id: string) => linkedCount.set(id, (linkedCount.get(id) ?? 0) + 1);
  for (const l of links) {
    if (!voucherIds.has(l.to)) countLink(l.from);
    if (l.to !== l.from && !voucherIds.has(l.from)) countLink(l.to);
  }

  // 2-6 judges each month's numbering as the archive holds it: numbers filed earlier or bound elsewhere count.
  const months = [...new Map(rows.filter((r) => r.period !== null && voucherIds.has(r.id)).map((r) => [`${r.fiscalYear}/${r.period}`, { year: r.fiscalYear, period: r.period! }])).values()];
  const knownVouchers = months.length
    ? await db
        .select({ fiscalYear: records.fiscalYear, period: sql<number>`${records.period}`, voucherWord: vouchers.voucherWord, voucherNo: vouchers.voucherNo })
        .from(vouchers)
        .innerJoin(records, eq(records.id, vouchers.recordId))
        .where(and(eq(records.fondsId, rules.id), or(...months.map((m) => and(eq(records.fiscalYear, m.year), eq(records.period, m.period)))), not(anyId(records.id, ids))))
    : [];
  const antivirusAvailable = await (deps.antivirus ?? clamAv).available();
  const inspected = new Map<string, CheckFile>();
  const batch: CheckRecord[] = [];
  for (const row of rows) {
    const header = headerOf.get(row.id);
    const own = filesOf.get(row.id) ?? [];
    const checkFiles: CheckFile[] = [];
    let metadataXml: string | null | undefined;
    let metadataFileUnreadable: string | undefined;
    let metadataFileTooLarge: string | undefined;
    for (const f of own) {
      if (f.role === "rendition") continue;
      const key = `${f.fileId}/${f.fileName}`;
      const measured = inspected.get(key) ?? (await inspect(f, deps, antivirusAvailable));
      inspected.set(key, measured);
      if (f.role === "metadata") {
        if (measured.unreadable) metadataFileUnreadable = f.fileName;
        const read = measured.sha256Now === null ? null : await readMetadataXml(deps.store, f.storageKey, measured.size).catch(() => "unreadable" as const);
        metadataXml = Buffer.isBuffer(read) ? read.toString("utf8") : null;
        if (read === "unreadable") metadataFileUnreadable = f.fileName;
        if (read === "too_large") metadataFileTooLarge = f.fileName;
        continue;
      }
      checkFiles.push(measured);
    }
    batch.push({
      id: row.id,
      // A 原始凭证 carries an invoice's or receipt's metadata, not a 记账凭证's: its elements are judged as other material.
      category: row.category === "voucher" && !header ? "other" : row.category,
      materialType: row.materialType,
      fiscalYear: row.fiscalYear,
      period: row.period,
      // Judged as it will be filed: a fonds that lengthened a term (its overrides) files the longer one.
      retention: filedOrStored(rules, row),
      archivalCode: row.archivalCode,
      metadata: describedElements(row, header),
      ...(metadataXml !== undefined ? { metadataXml } : {}),
      ...(metadataFileUnreadable !== undefined ? { metadataFileUnreadable } : {}),
      ...(metadataFileTooLarge !== undefined ? { metadataFileTooLarge } : {}),
      ...(header
        ? {
            voucher: {
              voucherWord: header.voucherWord,
              voucherNo: header.voucherNo,
              date: header.voucherDate,
              preparer: header.preparer ?? undefined,
              reviewer: header.reviewer ?? undefined,
              poster: header.poster ?? undefined,
              cashier: header.cashier ?? undefined,
              attachmentCount: header.attachmentCount ?? undefined,
              lines: linesOf.get(row.id) ?? [],
              redFlag: row.metadata.redFlag === true,
            },
            invoiceNumbers: invoicesOf.get(row.id) ?? [],
          }
        : {}),
      files: checkFiles,
      // DA/T 94 M49/M56: a sender that states how many files a record has lets 2-11 compare; otherwise not performed.
      declaredFileCount: count(row.metadata.fileCount),
      linkedSourceDocuments: linkedCount.get(row.id) ?? 0,
    });
  }
  return {
    batch: { records: batch, ...(knownVouchers.length ? { knownVouchers } : {}) },
    fonds: { fondsCode: rules.code, codeTemplates: rules.codeTemplates, schedule: rules.schedule, overrides: rules.overrides },
    environment: { antivirusAvailable },
    manualResults,
    today,
  };
}
