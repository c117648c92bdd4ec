import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import type { Retention } from "@/lib/archive/retention/schedules";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { addDecimals } from "@/lib/decimal";
import type { AssembledVoucher } from "@/lib/erp/assemble-vouchers";
import { type CanonicalVoucher, voucherContentHash, voucherIdentity } from "@/lib/erp/model";
import { copyLine, copyRows } from "@/lib/copy-rows";
import { type VoucherDiff, diffVouchers } from "./diff-vouchers";
import { lockFondsImports, lockInvoiceNumbers } from "./fonds-lock";
import { type SearchContent, type VoucherForSearch, type VoucherSearchRow, indexVouchers, voucherSearchContent } from "@/lib/search/index-vouchers";

/** Where vouchers land: the connector's fonds and source system, the import writing them (null for pushes). */
export interface VoucherTarget {
  fondsId: string;
  sourceSystem: string;
  importId: string | null;
  connectorId: string;
  retention: Retention;
}

export type VoucherOutcomeKind = "created" | "updated" | "unchanged" | "conflict";

export interface VoucherOutcome {
  key: string;
  voucherWord: string;
  voucherNo: string;
  fiscalYear: number;
  period: number;
  rowNo: number;
  outcome: VoucherOutcomeKind;
  recordId?: string;
  /** Why a conflict was refused: a filed record, or an invoice already claimed by another voucher. */
  problem?: { code: "import.conflict_filed" | "import.duplicate_invoice"; params: Record<string, string | number> };
}

const text = (values: readonly (string | null | undefined)[]): SQL => sql`${sql.param(values.map((v) => v ?? null))}::text[]`;
const ints = (values: readonly (number | null | undefined)[]): SQL => sql`${sql.param(values.map((v) => v ?? null))}::int[]`;

/** A voucher ready to write: what needs no database is computed before the batch's transaction. */
export interface Prepared {
  assembled: AssembledVoucher;
  voucher: CanonicalVoucher;
  key: string;
  hash: string;
  debitTotal: string;
  creditTotal: string;
  /** Its search row's content as a new record (no archival code yet). */
  search: SearchContent;
  /** Digest of the staged lines an import assembled it from (lib/erp/import/staging.ts); null for a push. */
  stagedDigest: string | null;
}

/** A voucher this batch writes, with the record it lands in. */
interface Written extends Prepared {
  id: string;
  archivalCode: string | null;
}

interface Existing {
  id: string;
  state: string;
  content_hash: string | null;
  import_id: string | null;
  pristine: boolean;
  archival_code: string | null;
}

/** Legacy invoices are cited as "<code>-<number>" (lib/erp model); 数电票 by their 20 digits alone. */
export function invoiceKey(cited: string): { invoiceNo: string; invoiceCode: string } {
  const m = /^(\d{10,12})-(\d{8})$/.exec(cited);
  return m ? { invoiceCode: m[1]!, invoiceNo: m[2]! } : { invoiceCode: "", invoiceNo: cited };
}

export const voucherLabel = (v: Pick<CanonicalVoucher, "voucherWord" | "voucherNo" | "fiscalYear" | "period">) => ({
  word: v.voucherWord,
  no: v.voucherNo,
  year: v.fiscalYear,
  period: v.period,
});

/**
 * Writes a batch of valid vouchers inside the caller's transaction, each wholly or not at all, and
 * says what happened to each. Identity is (fonds, source system, year, period, word, number); the
 * content hash tells "unchanged" from "changed". Changed content updates a collected record (with an
 * audit entry naming what changed) and is refused for anything already in filing or filed. A voucher
 * citing an invoice that another voucher already claimed is refused as a duplicate reimbursement
 * (财会〔2024〕11号 Art. 25) and raises an alert. Work this import already did in an interrupted run
 * counts as it did then, so a re-run converges on the same result.
 */
export async function writeVouchers(tx: Tx, ctx: ServiceContext, target: VoucherTarget, batch: readonly AssembledVoucher[]): Promise<VoucherOutcome[]> {
  return writePreparedVouchers(tx, ctx, target, prepareVouchers(target, batch));
}

/** The database-free part of writeVouchers, which a bulk import runs while the previous batch writes. */
export function prepareVouchers(target: VoucherTarget, batch: readonly AssembledVoucher[], stagedDigest: string | null = null): Prepared[] {
  return batch.map((assembled) => {
    const voucher = { ...assembled.voucher, sourceSystem: target.sourceSystem };
    return {
      assembled,
      voucher,
      key: voucherIdentity(voucher).key,
      hash: voucherContentHash(voucher),
      debitTotal: addDecimals(...voucher.lines.map((l) => l.debit)),
      creditTotal: addDecimals(...voucher.lines.map((l) => l.credit)),
      search: voucherSearchContent(forSearch(voucher, null)),
      stagedDigest,
    };
  });
}

export async function writePreparedVouchers(tx: Tx, ctx: ServiceContext, target: VoucherTarget, prepared: readonly Prepared[]): Promise<VoucherOutcome[]> {
  if (prepared.length === 0) return [];
  // Concurrent imports into one fonds take turns per batch, so two of them never race to create one voucher.
  // Their records are locked by id, as every path locking several records does (lib/records/lock-records).
  await lockFondsImports(tx, target.fondsId);
  const existingRows = (await tx.execute(sql`
    select id, state, content_hash, import_id, created_at = updated_at as pristine, archival_code, source_key
    from records where fonds_id = ${target.fondsId} and source_key = any(${text(prepared.map((p) => p.key))})
    order by id
    for update`)) as unknown as (Existing & { source_key: string })[];
  const byKey = new Map<string, Existing>(existingRows.map((r) => [r.source_key, r]));

  const duplicates = await findDuplicateInvoices(tx, target, prepared, byKey);
  const outcomes: VoucherOutcome[] = [];
  const creates: Written[] = [];
  const updates: Written[] = [];
  for (const p of prepared) {
    const base = { key: p.key, ...pick(p.voucher), rowNo: p.assembled.rowNos[0] ?? 0 };
    const existing = byKey.get(p.key);
    const duplicate = duplicates.get(p.key);
    if (existing && existing.content_hash === p.hash) {
      const own = target.importId !== null && existing.import_id === target.importId;
      outcomes.push({ ...base, recordId: existing.id, outcome: own ? (existing.pristine ? "created" : "updated") : "unchanged" });
    } else if (duplicate) {
      outcomes.push({ ...base, outcome: "conflict", problem: { code: "import.duplicate_invoice", params: { ...voucherLabel(p.voucher), row: base.rowNo, ...duplicate } } });
    } else if (!existing) {
      const id = randomUUID();
      creates.push({ ...p, id, archivalCode: null });
      outcomes.push({ ...base, recordId: id, outcome: "created" });
    } else if (existing.state === "collected") {
      updates.push({ ...p, id: existing.id, archivalCode: existing.archival_code });
      outcomes.push({ ...base, recordId: existing.id, outcome: "updated" });
    } else {
      outcomes.push({ ...base, recordId: existing.id, outcome: "conflict", problem: { code: "import.conflict_filed", params: { ...voucherLabel(p.voucher), row: base.rowNo, state: existing.state } } });
    }
  }

  const now = ctx.now().toISOString();
  const diffs = updates.length > 0 ? await diffUpdated(tx, updates) : new Map<string, VoucherDiff>();
  if (updates.length > 0) await applyUpdates(tx, target, updates, now);
  if (creates.length > 0) await insertRecords(tx, target, creates, now);
  const written = [...creates, ...updates];
  if (written.length > 0) {
    await insertVoucherContent(tx, target, written);
    await claimInvoices(tx, written);
    await indexVouchers(tx, creates.map((w) => searchRow(target, w)), { created: true });
    await indexVouchers(tx, updates.map((w) => searchRow(target, w)), { created: false });
  }
  await raiseDuplicateAlerts(tx, target, outcomes, now);

  for (const u of updates) {
    await appendAudit(tx, ctx, {
      action: "record.updated_by_import",
      targetType: "record",
      targetId: u.id,
      fondsId: target.fondsId,
      data: { importId: target.importId, connectorId: target.connectorId, voucher: voucherLabel(u.voucher), changes: diffs.get(u.id) ?? {} },
    });
  }
  if (creates.length > 0) {
    await appendAudit(tx, ctx, {
      action: "import.vouchers_created",
      targetType: target.importId ? "import" : "erp_connector",
      targetId: target.importId ?? target.connectorId,
      fondsId: target.fondsId,
      data: { importId: target.importId, connectorId: target.connectorId, count: creates.length, records: creates.map((c) => c.id) },
    });
  }
  return outcomes;
}

/** The fields indexRecords would read back from what insertRecords and insertVoucherContent write. */
function forSearch(v: CanonicalVoucher, archivalCode: string | null): VoucherForSearch {
  return {
    title: v.summary,
    archivalCode,
    voucherWord: v.voucherWord,
    voucherNo: voucherIdentity(v).voucherNo,
    summary: v.summary,
    lines: v.lines,
    refs: [...v.invoiceNumbers.map((no) => ({ type: "invoice", no })), ...v.documentRefs.map((no) => ({ type: "document", no }))],
  };
}

function searchRow(target: VoucherTarget, w: Written): VoucherSearchRow {
  const v = w.voucher;
  // An updated record that somehow carries a code is indexed with it; a new one never has one.
  const content = w.archivalCode === null ? w.search : voucherSearchContent(forSearch(v, w.archivalCode));
  return { recordId: w.id, fondsId: target.fondsId, fiscalYear: v.fiscalYear, period: v.period, docDate: v.date, amount: w.debitTotal, ...content };
}

const pick = (v: CanonicalVoucher) => ({ voucherWord: v.voucherWord, voucherNo: v.voucherNo, fiscalYear: v.fiscalYear, period: v.period });

async function insertRecords(tx: Tx, target: VoucherTarget, rows: Written[], now: string) {
  await copyRows(
    tx,
    "records",
    ["id", "fonds_id", "category", "material_type", "fiscal_year", "period_kind", "period", "title", "doc_date", "amount", "state", "retention", "source_system", "source_key", "content_hash", "staged_digest", "import_id", "metadata", "created_at", "updated_at"],
    rows.map((r) =>
      copyLine([r.id, target.fondsId, "voucher", "voucher", r.voucher.fiscalYear, "month", r.voucher.period, r.voucher.summary, r.voucher.date, r.debitTotal, "collected", target.retention, target.sourceSystem, r.key, r.hash, r.stagedDigest, target.importId, "{}", now, now]),
    ),
  );
}

async function applyUpdates(tx: Tx, target: VoucherTarget, rows: Written[], now: string) {
  const ids = text(rows.map((r) => r.id));
  await tx.execute(sql`
    update records r set title = t.title, doc_date = t.d::date, amount = t.amount::numeric, fiscal_year = t.fy, period = t.p,
      content_hash = t.ch, staged_digest = t.sd, import_id = ${target.importId}::uuid, updated_at = ${now}::timestamptz
    from unnest(${ids}, ${text(rows.map((r) => r.voucher.summary))}, ${text(rows.map((r) => r.voucher.date))}, ${text(rows.map((r) => r.debitTotal))},
      ${ints(rows.map((r) => r.voucher.fiscalYear))}, ${ints(rows.map((r) => r.voucher.period))}, ${text(rows.map((r) => r.hash))},
      ${text(rows.map((r) => r.stagedDigest))}) as t(id, title, d, amount, fy, p, ch, sd)
    where r.id = t.id::uuid`);
  // An invoice the voucher cited and cites no more is free again (claimInvoices claims what it cites now):
  // kept, it would make the voucher that really used it a duplicate reimbursement of this one.
  const still = rows.flatMap((r) => r.voucher.invoiceNumbers.map((no) => ({ id: r.id, no })));
  await tx.execute(sql`
    update invoices i set voucher_record_id = null
    from voucher_refs vr
    where vr.record_id = any(${ids}::uuid[]) and vr.ref_type = 'invoice' and i.voucher_record_id = vr.record_id
      and (case when i.invoice_code = '' then i.invoice_no else i.invoice_code || '-' || i.invoice_no end) = vr.ref_no
      and not exists (select 1 from unnest(${text(still.map((c) => c.id))}, ${text(still.map((c) => c.no))}) as n(id, no)
        where n.id::uuid = vr.record_id and n.no = vr.ref_no)`);
  // Header, lines and citations are replaced as a whole: the new content is the ERP's; the audit entry keeps what changed.
  await tx.execute(sql`delete from voucher_lines where record_id = any(${ids}::uuid[])`);
  await tx.execute(sql`delete from voucher_refs where record_id = any(${ids}::uuid[])`);
  await tx.execute(sql`delete from vouchers where record_id = any(${ids}::uuid[])`);
}

/** Voucher header, lines and citations of records that exist (new or emptied by an update). */
async function insertVoucherContent(tx: Tx, target: VoucherTarget, rows: Written[]) {
  await copyRows(
    tx,
    "vouchers",
    ["record_id", "fonds_id", "source_system", "fiscal_year", "period", "voucher_word", "voucher_no", "voucher_no_num", "voucher_date", "summary", "preparer", "reviewer", "poster", "cashier", "attachment_count", "currency", "debit_total", "credit_total", "external_id"],
    rows.map((r) => {
      const v = r.voucher;
      const no = voucherIdentity(v).voucherNo;
      return copyLine([r.id, target.fondsId, target.sourceSystem, v.fiscalYear, v.period, v.voucherWord, no, no.length <= 9 ? Number(no) : null, v.date, v.summary, v.preparer, v.reviewer, v.poster, v.cashier, v.attachmentCount, v.currency, r.debitTotal, r.creditTotal, v.externalId]);
    }),
  );
  await copyRows(
    tx,
    "voucher_lines",
    ["record_id", "seq", "summary", "account_code", "account_name", "debit", "credit", "currency", "exchange_rate", "foreign_amount", "quantity", "unit_price", "dimensions"],
    rows.flatMap((r) =>
      r.voucher.lines.map((l) =>
        copyLine([r.id, l.seq, l.summary, l.accountCode, l.accountName, l.debit, l.credit, l.currency, l.exchangeRate, l.foreignAmount, l.quantity, l.unitPrice, JSON.stringify(l.dimensions)]),
      ),
    ),
  );
  const refs = rows.flatMap((r) => [
    ...r.voucher.invoiceNumbers.map((no) => ({ id: r.id, type: "invoice", no })),
    ...r.voucher.documentRefs.map((no) => ({ id: r.id, type: "document", no })),
  ]);
  if (refs.length === 0) return;
  await tx.execute(sql`
    insert into voucher_refs (record_id, fonds_id, ref_type, ref_no)
    select t.id::uuid, ${target.fondsId}::uuid, t.type, t.no
    from unnest(${text(refs.map((r) => r.id))}, ${text(refs.map((r) => r.type))}, ${text(refs.map((r) => r.no))}) as t(id, type, no)
    on conflict do nothing`);
  // Documents that arrived before the voucher are linked now (whichever arrives first, issue 3 item 4).
  await tx.execute(sql`
    insert into record_links (from_record_id, to_record_id, link_type)
    select distinct vr.record_id, sd.record_id, 'source_document'::link_type
    from voucher_refs vr join source_documents sd on sd.fonds_id = vr.fonds_id and sd.document_no = vr.ref_no
    where vr.record_id = any(${text(rows.map((r) => r.id))}::uuid[]) and vr.ref_type = 'document'
    on conflict do nothing`);
}

/**
 * Invoices a voucher of this batch cites that another voucher already claimed: in the installation's
 * invoice registry, among the fonds' voucher citations, or earlier in this very batch.
 */
async function findDuplicateInvoices(tx: Tx, target: VoucherTarget, prepared: readonly Prepared[], byKey: Map<string, Existing>) {
  const duplicates = new Map<string, Record<string, string | number>>();
  const citing = prepared.filter((p) => p.voucher.invoiceNumbers.length > 0);
  if (citing.length === 0) return duplicates;
  const numbers = [...new Set(citing.flatMap((p) => p.voucher.invoiceNumbers))];
  // The registry spans every fonds, whose writers do not take turns with each other: the cited numbers,
  // then the cited invoices' rows are locked first, so a voucher or a package of another fonds claiming
  // one right now is waited for and read below as its owner, instead of both passing this check and the
  // later one never being flagged.
  await lockInvoiceNumbers(tx, numbers);
  const keys = numbers.map(invoiceKey);
  await tx.execute(sql`
    select i.id from invoices i
    join unnest(${text(keys.map((k) => k.invoiceNo))}, ${text(keys.map((k) => k.invoiceCode))}) as t(no, code) on i.invoice_no = t.no and i.invoice_code = t.code
    order by i.id
    for update of i`);
  const claimed = (await tx.execute(sql`
    select vr.ref_no as no, vr.record_id as record_id, v.voucher_word as word, v.voucher_no as vno, v.fiscal_year as year, v.period as period
    from voucher_refs vr join vouchers v on v.record_id = vr.record_id
    where vr.fonds_id = ${target.fondsId} and vr.ref_type = 'invoice' and vr.ref_no = any(${text(numbers)})
    union all
    select case when i.invoice_code = '' then i.invoice_no else i.invoice_code || '-' || i.invoice_no end, i.voucher_record_id,
      v.voucher_word, v.voucher_no, v.fiscal_year, v.period
    from invoices i join vouchers v on v.record_id = i.voucher_record_id
    where (case when i.invoice_code = '' then i.invoice_no else i.invoice_code || '-' || i.invoice_no end) = any(${text(numbers)})`)) as unknown as {
    no: string;
    record_id: string;
    word: string;
    vno: string;
    year: number;
    period: number;
  }[];
  const owner = new Map<string, { recordId: string | null; label: string; key?: string }>();
  for (const c of claimed) owner.set(c.no, { recordId: c.record_id, label: `${c.word}-${c.vno} (${c.year}-${c.period})` });
  for (const p of citing) {
    const self = byKey.get(p.key)?.id ?? null;
    for (const no of p.voucher.invoiceNumbers) {
      const first = claimed.find((c) => c.no === no && c.record_id !== self);
      const inBatch = owner.get(no);
      if (first) {
        duplicates.set(p.key, { invoiceNo: no, other: `${first.word}-${first.vno} (${first.year}-${first.period})`, otherRecordId: first.record_id });
        break;
      }
      if (inBatch?.key !== undefined && inBatch.key !== p.key) {
        duplicates.set(p.key, { invoiceNo: no, other: inBatch.label, otherRecordId: "" });
        break;
      }
      if (!inBatch) owner.set(no, { recordId: self, label: `${p.voucher.voucherWord}-${p.voucher.voucherNo} (${p.voucher.fiscalYear}-${p.voucher.period})`, key: p.key });
    }
  }
  return duplicates;
}

/** A voucher that cites a registered invoice nobody claimed yet claims it (DA/T 94 E.1.2f: one invoice, one voucher). */
async function claimInvoices(tx: Tx, rows: Written[]) {
  const claims = rows.flatMap((r) => r.voucher.invoiceNumbers.map((no) => ({ id: r.id, ...invoiceKey(no) })));
  if (claims.length === 0) return;
  await tx.execute(sql`
    update invoices i set voucher_record_id = t.id::uuid
    from unnest(${text(claims.map((c) => c.id))}, ${text(claims.map((c) => c.invoiceNo))}, ${text(claims.map((c) => c.invoiceCode))}) as t(id, no, code)
    where i.invoice_no = t.no and i.invoice_code = t.code and i.voucher_record_id is null`);
}

/** One open alert per (invoice, refused voucher): a re-run or a second upload never raises it twice. */
async function raiseDuplicateAlerts(tx: Tx, target: VoucherTarget, outcomes: VoucherOutcome[], now: string) {
  for (const o of outcomes) {
    if (o.problem?.code !== "import.duplicate_invoice") continue;
    const params = { invoiceNo: String(o.problem.params.invoiceNo), voucher: `${o.voucherWord}-${o.voucherNo} (${o.fiscalYear}-${o.period})`, other: String(o.problem.params.other) };
    const other = o.problem.params.otherRecordId ? String(o.problem.params.otherRecordId) : null;
    await tx.execute(sql`
      insert into alerts (fonds_id, kind, record_id, params, created_at)
      select ${target.fondsId}::uuid, 'duplicate_reimbursement', ${other}::uuid, ${JSON.stringify(params)}::jsonb, ${now}::timestamptz
      where not exists (select 1 from alerts where kind = 'duplicate_reimbursement' and resolved_at is null
        and params->>'invoiceNo' = ${params.invoiceNo} and params->>'voucher' = ${params.voucher} and fonds_id = ${target.fondsId}::uuid)`);
  }
}

async function diffUpdated(tx: Tx, rows: Written[]): Promise<Map<string, VoucherDiff>> {
  const ids = text(rows.map((r) => r.id));
  const headers = (await tx.execute(sql`select * from vouchers where record_id = any(${ids}::uuid[])`)) as unknown as Record<string, unknown>[];
  const lines = (await tx.execute(sql`select * from voucher_lines where record_id = any(${ids}::uuid[]) order by record_id, seq`)) as unknown as Record<string, unknown>[];
  const result = new Map<string, VoucherDiff>();
  for (const r of rows) {
    const header = headers.find((h) => h.record_id === r.id);
    const before = lines.filter((l) => l.record_id === r.id);
    result.set(r.id, diffVouchers(header ?? {}, before, r.voucher));
  }
  return result;
}
