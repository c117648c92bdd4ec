import { type SQL, and, asc, eq, or } from "drizzle-orm";
import { anyId } from "@/db/any-id";
import type { DbOrTx } from "@/db";
import { recordLinks, records, vouchers } from "@/db/schema";
import { LEDGER_KINDS, type LedgerKind, type VolumeRecord } from "@/lib/archive/volumes/assemble";
import { type PeriodScope, periodRecords } from "./filing-scope";
import { type Result, fail, ok } from "@/lib/errors";
import { lockRecords } from "@/lib/records/lock-records";

/** A record as filing sees it: the columns that place it in a volume, and its voucher header if it is one. */
export async function loadScopeRecords(db: DbOrTx, where: SQL | undefined, options: { lock?: boolean } = {}) {
  // Locked by id first (lockRecords), not in the order they are read in below.
  const locked = options.lock ? await lockRecords(db, where) : null;
  return db
    .select({
      id: records.id,
      fondsId: records.fondsId,
      category: records.category,
      materialType: records.materialType,
      fiscalYear: records.fiscalYear,
      periodKind: records.periodKind,
      period: records.period,
      docDate: records.docDate,
      retention: records.retention,
      metadata: records.metadata,
      state: records.state,
      volumeId: records.volumeId,
      itemNo: records.itemNo,
      voucherWord: vouchers.voucherWord,
      voucherNo: vouchers.voucherNo,
      voucherNoNum: vouchers.voucherNoNum,
    })
    .from(records)
    .leftJoin(vouchers, eq(vouchers.recordId, records.id))
    .where(locked ? and(where, anyId(records.id, locked)) : where)
    .orderBy(asc(records.volumeId), asc(records.itemNo), asc(records.createdAt), asc(records.id));
}

export type ScopeRecord = Awaited<ReturnType<typeof loadScopeRecords>>[number];

/**
 * 原始凭证 stored as records of their own belong to their voucher's 件 (DA/T 94 8.4.1: 记账凭证 → 原始凭证 →
 * 附件): they go where the voucher goes instead of being bound as items themselves.
 */
export const isSourceDocument = (r: Pick<ScopeRecord, "category" | "voucherWord">) => r.category === "voucher" && r.voucherWord === null;

/** The voucher each linked source document belongs to (links of type source_document, either direction). */
export async function sourceDocumentOwners(db: DbOrTx, recordIds: readonly string[]): Promise<Map<string, string>> {
  if (recordIds.length === 0) return new Map();
  const links = await db
    .select({ from: recordLinks.fromRecordId, to: recordLinks.toRecordId, fromWord: vouchers.voucherWord })
    .from(recordLinks)
    .leftJoin(vouchers, eq(vouchers.recordId, recordLinks.fromRecordId))
    .where(and(eq(recordLinks.linkType, "source_document"), or(anyId(recordLinks.fromRecordId, [...recordIds]), anyId(recordLinks.toRecordId, [...recordIds]))))
    // A document several vouchers cite sits with the first (会计基础工作规范 Art. 51): the same one whoever asks.
    .orderBy(asc(recordLinks.createdAt), asc(recordLinks.id));
  const owners = new Map<string, string>();
  for (const link of links) {
    const [voucher, document] = link.fromWord !== null ? [link.from, link.to] : [link.to, link.from];
    if (!owners.has(document)) owners.set(document, voucher);
  }
  return owners;
}

/**
 * The collected records of a period as filing binds and checks them. A source document goes where its voucher
 * goes (DA/T 94 8.4.1), whatever month its own date gives it (an invoice of 28 February booked on 3 March):
 * one that a collected voucher of another period cites belongs to that period, one that a voucher of this
 * period cites belongs here.
 */
export async function periodScopeRecordIds(db: DbOrTx, scope: PeriodScope): Promise<string[]> {
  const base = await db.select({ id: records.id, category: records.category, voucherWord: vouchers.voucherWord }).from(records).leftJoin(vouchers, eq(vouchers.recordId, records.id)).where(periodRecords(scope));
  const inBase = new Set(base.map((r) => r.id));
  const owners = await sourceDocumentOwners(db, [...inBase]);
  const outside = [...new Set([...owners].flatMap(([doc, voucher]) => (inBase.has(doc) && !inBase.has(voucher) ? [voucher] : [])))];
  const joining = [...owners].flatMap(([doc, voucher]) => (inBase.has(voucher) && !inBase.has(doc) ? [doc] : []));
  const [collectedElsewhere, collectedJoining] = await Promise.all([
    outside.length ? db.select({ id: records.id }).from(records).where(and(anyId(records.id, outside), eq(records.state, "collected"))) : [],
    joining.length ? db.select({ id: records.id }).from(records).where(and(anyId(records.id, joining), eq(records.state, "collected"))) : [],
  ]);
  const elsewhere = new Set(collectedElsewhere.map((r) => r.id));
  return [...base.filter((r) => !(isSourceDocument(r) && elsewhere.has(owners.get(r.id) ?? ""))).map((r) => r.id), ...collectedJoining.map((r) => r.id)];
}

function ledgerKind(r: ScopeRecord): LedgerKind {
  const declared = r.metadata.ledgerKind;
  const kinds: readonly string[] = LEDGER_KINDS;
  if (typeof declared === "string" && kinds.includes(declared)) return declared as LedgerKind;
  return kinds.includes(r.materialType) ? (r.materialType as LedgerKind) : "auxiliary_ledger";
}

/** The shape lib/archive's assembleVolumes binds (vouchers by number, ledgers by kind, reports by period kind). */
export function toVolumeRecord(r: ScopeRecord): Result<VolumeRecord> {
  const common = { id: r.id, fiscalYear: r.fiscalYear, date: r.docDate, retention: r.retention };
  switch (r.category) {
    case "voucher": {
      const no = r.voucherNoNum ?? (/^\d{1,9}$/.test(r.voucherNo ?? "") ? Number(r.voucherNo) : null);
      if (r.voucherWord === null || no === null || r.period === null) return fail("filing.voucher_unnumbered", { recordId: r.id });
      return ok({ ...common, category: "voucher", period: r.period, voucherWord: r.voucherWord, voucherNo: String(no) });
    }
    case "ledger":
      return ok({ ...common, category: "ledger", ledgerKind: ledgerKind(r) });
    case "report":
      return ok({ ...common, category: "report", reportPeriod: r.periodKind ?? (r.materialType === "report_annual" ? "year" : "month"), period: r.period });
    case "other":
      return ok({ ...common, category: "other", otherClass: r.materialType });
  }
}
