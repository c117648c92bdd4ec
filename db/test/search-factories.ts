import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { recordFiles, records, sourceDocuments, storedFiles, volumes, voucherLines, voucherRefs, vouchers } from "@/db/schema";
import { indexRecords } from "@/lib/search/index-records";
import type { ObjectStore } from "@/lib/storage";

export interface VoucherSpec {
  fondsId: string;
  title: string;
  date?: string;
  amount?: string;
  voucherWord?: string;
  voucherNo?: string;
  lines?: { summary?: string; accountCode: string; accountName: string; debit?: string; credit?: string; dimensions?: Record<string, string> }[];
  invoiceNos?: string[];
  state?: "collected" | "archived";
  archivalCode?: string;
  volumeId?: string;
}

/**
 * A voucher record as the importer writes it (record, header, lines, cited invoice numbers), then
 * indexed; archived afterwards when asked, because the filed-record guard refuses children of archived
 * records. Numbers are random so files sharing the run's database never collide.
 */
export async function makeVoucher(db: Db, spec: VoucherSpec) {
  const date = spec.date ?? "2023-03-15";
  const year = Number(date.slice(0, 4));
  const period = Number(date.slice(5, 7));
  const amount = spec.amount ?? "100.00";
  const voucherNo = spec.voucherNo ?? String(randomInt(1, 1_000_000));
  const word = spec.voucherWord ?? "记";
  return db.transaction(async (tx) => {
    const [record] = await tx
      .insert(records)
      .values({
        fondsId: spec.fondsId,
        category: "voucher",
        materialType: "voucher",
        fiscalYear: year,
        periodKind: "month",
        period,
        title: spec.title,
        docDate: date,
        amount,
        retention: "Y30",
        retentionExpiresOn: `${year + 30}-12-31`,
        sourceSystem: "test",
        sourceKey: `${word}-${voucherNo}@${date}#${randomInt(1, 1_000_000_000)}`,
        archivalCode: spec.archivalCode ?? null,
        volumeId: spec.volumeId ?? null,
      })
      .returning({ id: records.id });
    const recordId = record!.id;
    await tx.insert(vouchers).values({
      recordId,
      fondsId: spec.fondsId,
      sourceSystem: "test",
      fiscalYear: year,
      period,
      voucherWord: word,
      voucherNo,
      voucherNoNum: Number(voucherNo) || null,
      voucherDate: date,
      summary: spec.title,
      attachmentCount: spec.invoiceNos?.length ?? 0,
      debitTotal: amount,
      creditTotal: amount,
    });
    const lines = spec.lines ?? [
      { accountCode: "6603", accountName: "财务费用", debit: amount },
      { accountCode: "1002", accountName: "银行存款", credit: amount },
    ];
    await tx.insert(voucherLines).values(
      lines.map((l, i) => ({
        recordId,
        seq: i + 1,
        summary: l.summary ?? spec.title,
        accountCode: l.accountCode,
        accountName: l.accountName,
        debit: l.debit ?? "0",
        credit: l.credit ?? "0",
        dimensions: l.dimensions ?? {},
      })),
    );
    if (spec.invoiceNos?.length)
      await tx.insert(voucherRefs).values(spec.invoiceNos.map((refNo) => ({ recordId, fondsId: spec.fondsId, refType: "invoice", refNo })));
    if (spec.state === "archived") await tx.update(records).set({ state: "archived", filedAt: new Date() }).where(eq(records.id, recordId));
    await indexRecords(tx, [recordId]);
    return recordId;
  });
}

/** A source document record (an e-invoice by default) with its parsed data, indexed. */
export async function makeSourceDocument(
  db: Db,
  spec: {
    fondsId: string;
    title: string;
    documentNo: string;
    counterparty?: string;
    amount?: string;
    /** Places the record in its year and month; with `undated`, the document itself carries no date (a scanned receipt). */
    date?: string;
    undated?: boolean;
    data?: Record<string, unknown>;
  },
) {
  const date = spec.date ?? "2023-03-10";
  const ownDate = spec.undated ? null : date;
  const year = Number(date.slice(0, 4));
  return db.transaction(async (tx) => {
    const [record] = await tx
      .insert(records)
      .values({
        fondsId: spec.fondsId,
        category: "voucher",
        materialType: "source_document",
        fiscalYear: year,
        periodKind: "month",
        period: Number(date.slice(5, 7)),
        title: spec.title,
        docDate: ownDate,
        amount: spec.amount ?? "100.00",
        retention: "Y30",
        sourceSystem: "test",
        sourceKey: `doc-${spec.documentNo}-${randomInt(1, 1_000_000_000)}`,
      })
      .returning({ id: records.id });
    await tx.insert(sourceDocuments).values({
      recordId: record!.id,
      fondsId: spec.fondsId,
      kind: "einvoice",
      documentNo: spec.documentNo,
      issuedOn: ownDate,
      counterparty: spec.counterparty ?? null,
      amount: spec.amount ?? "100.00",
      data: spec.data ?? {},
    });
    await indexRecords(tx, [record!.id]);
    return record!.id;
  });
}

/** An open volume, as filing makes it: bind its records (volumeId), then seal it with sealVolume (drizzle/0019). */
export async function makeVolume(db: Db, spec: { fondsId: string; fiscalYear: number; period: number; title: string; volumeNo?: number }) {
  const [row] = await db
    .insert(volumes)
    .values({ fondsId: spec.fondsId, category: "voucher", fiscalYear: spec.fiscalYear, periodKind: "month", period: spec.period, seq: 1, volumeNo: spec.volumeNo ?? 1, title: spec.title, state: "open", retention: "Y30" })
    .returning({ id: volumes.id });
  return row!.id;
}

export async function sealVolume(db: Db, volumeId: string, at = new Date("2024-01-31T02:00:00Z")) {
  await db.update(volumes).set({ state: "sealed", sealedAt: at }).where(eq(volumes.id, volumeId));
}

/** Stores bytes in the object store and attaches them to a record, as the importer does. */
export async function attachFile(db: Db, store: ObjectStore, spec: { recordId: string; bytes: Uint8Array; mediaType: string; fileName: string }) {
  const stored = await store.put(spec.bytes);
  const [file] = await db
    .insert(storedFiles)
    .values({ sha256: stored.sha256, sm3: stored.sm3, size: stored.size, mediaType: spec.mediaType, storageKey: stored.storageKey })
    .onConflictDoUpdate({ target: storedFiles.sha256, set: { mediaType: spec.mediaType } })
    .returning({ id: storedFiles.id });
  const [link] = await db.insert(recordFiles).values({ recordId: spec.recordId, fileId: file!.id, fileName: spec.fileName }).returning({ id: recordFiles.id });
  return link!.id;
}
