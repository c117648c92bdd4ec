import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { alerts, invoices, recordFiles, records, storedFiles, voucherRefs, vouchers } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { invoiceTooLarge, parseInvoice } from "@/lib/einvoice/parse-invoice";
import { type PackageAttachment, analyzeLayout, findManifest } from "@/lib/erp/package/layout";
import { extractEntries, inspectPackage } from "@/lib/erp/package/read-package";
import type { FormatId } from "@/lib/erp/formats/types";
import { MEDIA_TYPES, sniffMediaType } from "@/lib/files/identify";
import { getObjectStore } from "@/lib/storage";
import type { RetentionOf } from "./fonds-retention";
import { upsertFileRecord } from "./file-record";
import { lockFondsImports, lockInvoiceNumbers } from "./fonds-lock";
import type { ImportTracker } from "./import-tracker";
import { importVoucherFile } from "./import-voucher-file";
import type { VoucherTarget } from "./write-vouchers";

export interface PackageInput {
  target: VoucherTarget & { importId: string };
  retentionOf: RetentionOf;
  file: typeof storedFiles.$inferSelect;
  fileName: string;
  formatId: FormatId | null;
  mapping: Record<string, unknown> | null;
}

type Stored = typeof storedFiles.$inferSelect;

/** Whole bytes are read back for identification (OFD and XLSX need their ZIP directory) up to this size. */
const SNIFF_WHOLE = 32 * 1024 * 1024;
const DOCUMENT_KIND = { einvoice: "einvoice", bank_receipt: "bank_receipt", contract: "contract", expense_claim: "expense_claim", other: "other" } as const;
const LEDGER_NAMES = { general_ledger: "总账", subsidiary_ledger: "明细账", journal: "日记账", fixed_asset_card: "固定资产卡片" } as const;
const REPORT_NAMES = { month: "月度财务会计报告", quarter: "季度财务会计报告", half: "半年度财务会计报告", year: "年度财务会计报告" } as const;

async function readStored(file: Stored, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of await getObjectStore().open(file.storageKey)) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/** Each entry goes to the content-addressed store; its media type comes from its bytes, never its name. */
async function storeEntries(db: Db, zipPath: string, manifestName: string | undefined) {
  const stored = new Map<string, Stored>();
  let manifest: { path: string; text: string } | undefined;
  const extracted = await extractEntries(zipPath, async (name, content) => {
    const put = await getObjectStore().put(content);
    const probe = { id: "", sha256: put.sha256, sm3: put.sm3, size: put.size, storageKey: put.storageKey, mediaType: "", createdAt: new Date(), lastVerifiedAt: null, lastVerifyOk: null };
    const head = await readStored(probe, put.size <= SNIFF_WHOLE ? put.size : 64 * 1024);
    const { mediaType } = await sniffMediaType(head, name);
    await db.insert(storedFiles).values({ sha256: put.sha256, sm3: put.sm3, size: put.size, mediaType, storageKey: put.storageKey }).onConflictDoNothing({ target: storedFiles.sha256 });
    const [row] = await db.select().from(storedFiles).where(eq(storedFiles.sha256, put.sha256));
    stored.set(name, row!);
    if (name === manifestName) manifest = { path: name, text: head.toString("utf8").replace(/^\uFEFF/, "") };
  });
  return extracted.ok ? ok({ stored, manifest }) : extracted;
}

/**
 * A ZIP package (DA/T 94 Fig. F.1 folders or a manifest): the voucher data file is imported like any
 * upload; every attachment is kept as a source document linked to its voucher; e-invoices are read
 * into the invoice registry, where a number another voucher already claimed raises a duplicate
 * reimbursement alert; ledgers and reports become records with their kind, period and retention.
 */
export async function importPackage(db: Db, ctx: ServiceContext, input: PackageInput, tracker: ImportTracker): Promise<Result<null>> {
  const zipPath = path.join(os.tmpdir(), `acta-package-${randomBytes(12).toString("hex")}`);
  try {
    await pipeline(await getObjectStore().open(input.file.storageKey), createWriteStream(zipPath, { flags: "wx", mode: 0o600 }));
    const inspection = await inspectPackage(zipPath);
    if (!inspection.ok) return fail(inspection.problems[0]!.code, inspection.problems[0]!.params);
    const names = inspection.entries.map((e) => e.name);
    const entries = await storeEntries(db, zipPath, findManifest(names));
    if (!entries.ok) return entries;
    const { stored, manifest } = entries.value;
    const layout = analyzeLayout(names, manifest);
    if (!layout.ok) return layout;
    for (const p of layout.value.unassigned) tracker.problem({ rowNo: 0, field: String(p.params?.path ?? ""), value: "", code: p.code, params: p.params ?? {} });
    const summary = { layout: layout.value.layout, voucherFile: layout.value.voucherFile ?? null, attachments: 0, invoices: 0, ledgers: 0, reports: 0 };

    const voucherFile = layout.value.voucherFile ? stored.get(layout.value.voucherFile) : undefined;
    if (voucherFile) {
      const source = await getObjectStore().open(voucherFile.storageKey);
      const done = await importVoucherFile(db, ctx, input.target, { source, fileName: layout.value.voucherFile!, size: voucherFile.size, formatId: input.formatId, mapping: input.mapping }, tracker);
      if (!done.ok) return done;
    }
    for (const attachment of layout.value.attachments) {
      const file = stored.get(attachment.path)!;
      if (await attach(db, ctx, input, tracker, attachment, file)) summary.attachments += 1;
      if (attachment.kind === "einvoice" && (file.mediaType === MEDIA_TYPES.xml || file.mediaType === MEDIA_TYPES.ofd)) summary.invoices += 1;
    }
    for (const ledger of layout.value.ledgers) {
      const file = stored.get(ledger.path)!;
      const materialType = ledger.kind;
      const retention = input.retentionOf(materialType, "ledger");
      if (!retention.ok) return retention;
      await db.transaction((tx) =>
        upsertFileRecord(tx, ctx, {
          ...base(input),
          sourceKey: `ledger:${ledger.kind}:${ledger.fiscalYear}:${ledger.period ?? ""}:${ledger.path}`,
          category: "ledger",
          materialType,
          retention: retention.value,
          fiscalYear: ledger.fiscalYear,
          periodKind: ledger.period ? "month" : "year",
          period: ledger.period ?? null,
          // DA/T 94 App. F: a ledger's title is its accounting period and its kind.
          title: `${ledger.fiscalYear}年${ledger.period ? `${ledger.period}月` : ""}${LEDGER_NAMES[ledger.kind]}`,
          disposalDate: ledger.disposalDate ?? null,
          file: { id: file.id, sha256: file.sha256, name: ledger.path },
          metadata: { ...ledger.signatures },
        }),
      );
      summary.ledgers += 1;
    }
    for (const report of layout.value.reports) {
      const file = stored.get(report.path)!;
      const materialType = report.periodKind === "year" ? "report_annual" : "report_periodic";
      const retention = input.retentionOf(materialType, "report");
      if (!retention.ok) return retention;
      const suffix = { month: "月", quarter: "季度", half: "半年", year: "" }[report.periodKind];
      await db.transaction((tx) =>
        upsertFileRecord(tx, ctx, {
          ...base(input),
          sourceKey: `report:${report.periodKind}:${report.fiscalYear}:${report.period ?? ""}:${report.path}`,
          category: "report",
          materialType,
          retention: retention.value,
          fiscalYear: report.fiscalYear,
          periodKind: report.periodKind,
          period: report.period ?? null,
          title: `${report.fiscalYear}年${report.period ? `${report.period}${suffix}` : ""}${REPORT_NAMES[report.periodKind]}`,
          file: { id: file.id, sha256: file.sha256, name: report.path },
          metadata: { ...report.signatures },
        }),
      );
      summary.reports += 1;
    }
    tracker.setDetection(null, { package: summary });
    await tracker.flush();
    return ok(null);
  } finally {
    await rm(zipPath, { force: true });
  }
}

const base = (input: PackageInput) => ({ fondsId: input.target.fondsId, importId: input.target.importId, connectorId: input.target.connectorId, sourceSystem: input.target.sourceSystem });

/** The voucher an attachment belongs to: this import's when several periods share the number. */
async function findVoucher(db: Db, input: PackageInput, attachment: PackageAttachment) {
  const v = attachment.voucher;
  const [row] = await db
    .select({ id: vouchers.recordId, fiscalYear: vouchers.fiscalYear, period: vouchers.period, date: vouchers.voucherDate })
    .from(vouchers)
    .innerJoin(records, eq(records.id, vouchers.recordId))
    .where(
      and(
        eq(vouchers.fondsId, input.target.fondsId),
        eq(vouchers.sourceSystem, input.target.sourceSystem),
        eq(vouchers.voucherWord, v.voucherWord),
        eq(vouchers.voucherNo, v.voucherNo),
        v.fiscalYear !== undefined ? eq(vouchers.fiscalYear, v.fiscalYear) : undefined,
        v.period !== undefined ? eq(vouchers.period, v.period) : undefined,
      ),
    )
    .orderBy(desc(sql`${records.importId} = ${input.target.importId}`))
    .limit(1);
  return row;
}

async function attach(db: Db, ctx: ServiceContext, input: PackageInput, tracker: ImportTracker, attachment: PackageAttachment, file: Stored): Promise<boolean> {
  const voucher = await findVoucher(db, input, attachment);
  const label = { word: attachment.voucher.voucherWord, no: attachment.voucher.voucherNo, path: attachment.path };
  if (!voucher) {
    tracker.problem({ rowNo: 0, field: attachment.path, value: "", code: "import.attachment_voucher_missing", params: label });
    return false;
  }
  // The rendered 记账凭证 is the voucher's own content, filed first in its item (DA/T 94 8.4.1).
  if (attachment.kind === "voucher") {
    await db.insert(recordFiles).values({ recordId: voucher.id, fileId: file.id, role: "content", fileName: path.posix.basename(attachment.path), createdAt: ctx.now() }).onConflictDoNothing();
    return true;
  }
  const retention = input.retentionOf("source_document", "voucher");
  if (!retention.ok) return false;
  // An invoice file past the cap is refused by its recorded size, unread: cut at the cap it would only fail to parse.
  const isInvoice = attachment.kind === "einvoice" && (file.mediaType === MEDIA_TYPES.xml || file.mediaType === MEDIA_TYPES.ofd);
  const parsed = isInvoice ? (invoiceTooLarge(file.size) ?? (await parseInvoice(await readStored(file, file.size), file.mediaType))) : null;
  if (parsed && !parsed.ok) tracker.problem({ rowNo: 0, field: attachment.path, value: "", code: parsed.error.code, params: { ...label, ...parsed.error.params } });
  const invoice = parsed?.ok ? parsed.value : null;
  await db.transaction(async (tx) => {
    // The invoice's number (and its row, if registered) is locked after the fonds' lock and before this
    // transaction's first audit entry, the order a voucher batch takes them in: a voucher citing it waits
    // for the registration and reads it. The audit chain's lock is one for all, so taken the other way
    // round each waited for the other (deadlock, the import crashed).
    if (invoice) {
      await lockFondsImports(tx, input.target.fondsId);
      await lockInvoiceNumbers(tx, [citedAs(invoice)]);
      await tx.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.invoiceNo, invoice.number), eq(invoices.invoiceCode, invoice.code ?? ""))).for("update");
    }
    const written = await upsertFileRecord(tx, ctx, {
      ...base(input),
      sourceKey: `attachment:${voucher.id}:${file.sha256}`,
      category: "voucher",
      materialType: "source_document",
      retention: retention.value,
      fiscalYear: voucher.fiscalYear,
      periodKind: "month",
      period: voucher.period,
      title: invoice ? `发票 ${invoice.number} ${invoice.sellerName}` : path.posix.basename(attachment.path),
      docDate: invoice?.issueDate ?? null,
      amount: invoice?.total ?? null,
      file: { id: file.id, sha256: file.sha256, name: attachment.path },
      document: {
        kind: DOCUMENT_KIND[attachment.kind as Exclude<PackageAttachment["kind"], "voucher">],
        documentNo: invoice?.number ?? attachment.documentNo ?? null,
        issuedOn: invoice?.issueDate ?? null,
        counterparty: invoice?.sellerName ?? null,
        data: invoice ? { invoice } : {},
      },
      linkTo: [voucher.id],
    });
    if (invoice) await registerInvoice(tx, input, tracker, invoice, written.recordId, voucher.id, file.sha256, label);
  });
  return true;
}

type Invoice = NonNullable<Extract<Awaited<ReturnType<typeof parseInvoice>>, { ok: true }>["value"]>;

/** The number as a voucher cites it (lib/erp model): "<code>-<number>" for a legacy invoice. */
const citedAs = (invoice: Invoice) => (invoice.code ? `${invoice.code}-${invoice.number}` : invoice.number);

/**
 * The installation-wide registry keyed by invoice number (code + number for legacy invoices): the
 * first voucher to cite an invoice owns it; another voucher arriving with it is a duplicate
 * reimbursement (重复报销), flagged to the clerk and raised as an alert, never silently accepted. A voucher
 * of the fonds that cited the number before it was registered is such a first voucher.
 */
async function registerInvoice(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  input: PackageInput,
  tracker: ImportTracker,
  invoice: Invoice,
  documentRecordId: string,
  voucherId: string,
  sha256: string,
  label: Record<string, string>,
) {
  const key = { invoiceNo: invoice.number, invoiceCode: invoice.code ?? "" };
  // Vouchers cite numbers before the invoice itself arrives; the earliest citing one owns it, or the
  // package's voucher filing it would take it silently from a voucher already reimbursed with it.
  const [cited] = await tx
    .select({ id: voucherRefs.recordId })
    .from(voucherRefs)
    .innerJoin(records, eq(records.id, voucherRefs.recordId))
    .where(and(eq(voucherRefs.fondsId, input.target.fondsId), eq(voucherRefs.refType, "invoice"), eq(voucherRefs.refNo, citedAs(invoice)), ne(voucherRefs.recordId, voucherId)))
    .orderBy(asc(records.createdAt), asc(records.id))
    .limit(1);
  const owner = cited?.id ?? voucherId;
  await tx
    .insert(invoices)
    .values({
      ...key,
      fondsId: input.target.fondsId,
      documentRecordId,
      voucherRecordId: owner,
      issueDate: invoice.issueDate,
      sellerName: invoice.sellerName,
      sellerTaxId: invoice.sellerTaxId,
      buyerName: invoice.buyerName,
      buyerTaxId: invoice.buyerTaxId ?? null,
      amount: invoice.amount,
      tax: invoice.tax,
      total: invoice.total,
      sha256,
    })
    .onConflictDoNothing();
  const [row] = await tx.select().from(invoices).where(and(eq(invoices.invoiceNo, key.invoiceNo), eq(invoices.invoiceCode, key.invoiceCode))).for("update");
  if (!row) return;
  const claimedBy = row.voucherRecordId ?? owner;
  if (row.voucherRecordId === null) await tx.update(invoices).set({ voucherRecordId: owner, documentRecordId: row.documentRecordId ?? documentRecordId }).where(eq(invoices.id, row.id));
  if (claimedBy === voucherId) return;
  const [other] = await tx.select({ word: vouchers.voucherWord, no: vouchers.voucherNo, year: vouchers.fiscalYear, period: vouchers.period }).from(vouchers).where(eq(vouchers.recordId, claimedBy));
  const params = { invoiceNo: invoice.number, voucher: `${label.word}-${label.no}`, other: other ? `${other.word}-${other.no} (${other.year}-${other.period})` : "" };
  tracker.counts.conflicts += 1;
  tracker.problem({ rowNo: 0, field: label.path ?? "", value: invoice.number, code: "import.duplicate_invoice", params: { ...params, word: label.word ?? "", no: label.no ?? "" } });
  const [open] = await tx
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.kind, "duplicate_reimbursement"), sql`${alerts.resolvedAt} is null`, sql`${alerts.params}->>'invoiceNo' = ${params.invoiceNo}`, sql`${alerts.params}->>'voucher' = ${params.voucher}`));
  if (!open) await tx.insert(alerts).values({ fondsId: input.target.fondsId, kind: "duplicate_reimbursement", recordId: claimedBy, params });
}
