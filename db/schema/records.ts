import { sql } from "drizzle-orm";
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import {
  alertKindEnum,
  categoryEnum,
  checkStatusEnum,
  documentKindEnum,
  fileRoleEnum,
  linkTypeEnum,
  periodKindEnum,
  recordStateEnum,
  retentionEnum,
  volumeStateEnum,
} from "./enums";
import { fonds } from "./fonds";

/** DA/T 94 Appendix A elements that have no column of their own (M-numbers as keys where useful). */
export type RecordMetadata = Record<string, unknown>;

export const volumes = pgTable(
  "volumes",
  {
    id: uuid().primaryKey().defaultRandom(),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    category: categoryEnum().notNull(),
    fiscalYear: smallint().notNull(),
    periodKind: periodKindEnum(),
    period: smallint(),
    voucherWord: text(),
    materialType: text(),
    // Order among the proposed volumes of one group; the 案卷号 is only given when the volume is sealed.
    seq: integer().notNull(),
    volumeNo: integer(),
    title: text().notNull(),
    state: volumeStateEnum().notNull().default("open"),
    retention: retentionEnum(),
    cover: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sealedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("volumes_fonds_year_idx").on(t.fondsId, t.fiscalYear, t.category, t.period)],
);

/** One archival unit (件): a voucher with its attachments, a source document, a ledger, a report… */
export const records = pgTable(
  "records",
  {
    id: uuid().primaryKey().defaultRandom(),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    category: categoryEnum().notNull(),
    materialType: text().notNull(),
    fiscalYear: smallint().notNull(),
    periodKind: periodKindEnum(),
    period: smallint(),
    title: text().notNull(),
    docDate: date(),
    amount: numeric({ precision: 18, scale: 2 }),
    state: recordStateEnum().notNull().default("collected"),
    archivalCode: text(),
    volumeId: uuid().references(() => volumes.id),
    itemNo: integer(),
    retention: retentionEnum().notNull(),
    retentionExpiresOn: date(),
    // Fixed-asset cards are kept 5 years after the asset is scrapped (DA/T 94 B.1 item 6).
    disposalDate: date(),
    checkStatus: checkStatusEnum().notNull().default("none"),
    metadata: jsonb().$type<RecordMetadata>().notNull().default({}),
    sourceSystem: text(),
    // Identity of the record in its source, e.g. the voucher key; re-imports find the record by it.
    sourceKey: text(),
    contentHash: text(),
    // SHA-256 of the staged lines an ERP import last wrote the voucher from (lib/erp/import/staging.ts): the
    // same lines in a later file are unchanged without being read back into Node. Null where a push wrote it.
    stagedDigest: text(),
    // The ERP import that last created or changed the record; a re-run of that import recognises its own work.
    importId: uuid(),
    storageLocation: text(),
    notes: text(),
    filedAt: timestamp({ withTimezone: true }),
    filedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Every coordinate of the browse tree, so a node is counted from the index alone (lib/search/search-sql.ts).
    index("records_browse_idx").on(t.fondsId, t.fiscalYear, t.category, t.periodKind, t.period, t.state),
    index("records_fonds_date_idx").on(t.fondsId, t.docDate),
    index("records_amount_idx").on(t.fondsId, t.amount),
    index("records_volume_idx").on(t.volumeId, t.itemNo),
    index("records_expiry_idx").on(t.fondsId, t.retentionExpiresOn),
    unique("records_archival_code_key").on(t.archivalCode),
    unique("records_source_key").on(t.fondsId, t.sourceKey),
  ],
);

export const vouchers = pgTable(
  "vouchers",
  {
    recordId: uuid()
      .primaryKey()
      .references(() => records.id, { onDelete: "cascade" }),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    sourceSystem: text().notNull(),
    fiscalYear: smallint().notNull(),
    period: smallint().notNull(),
    voucherWord: text().notNull(),
    voucherNo: text().notNull(),
    voucherNoNum: integer(),
    voucherDate: date().notNull(),
    summary: text().notNull(),
    preparer: text(),
    reviewer: text(),
    poster: text(),
    cashier: text(),
    attachmentCount: integer(),
    currency: text().notNull().default("CNY"),
    debitTotal: numeric({ precision: 18, scale: 2 }).notNull(),
    creditTotal: numeric({ precision: 18, scale: 2 }).notNull(),
    externalId: text(),
  },
  (t) => [
    // A voucher's identity (issue: exactly-once import).
    unique("vouchers_identity_key").on(t.fondsId, t.sourceSystem, t.fiscalYear, t.period, t.voucherWord, t.voucherNo),
    index("vouchers_number_idx").on(t.fondsId, t.fiscalYear, t.period, t.voucherWord, t.voucherNoNum),
    index("vouchers_date_idx").on(t.fondsId, t.voucherDate),
    index("vouchers_total_idx").on(t.fondsId, t.debitTotal),
  ],
);

export const voucherLines = pgTable(
  "voucher_lines",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    recordId: uuid()
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    summary: text().notNull(),
    accountCode: text().notNull(),
    accountName: text(),
    debit: numeric({ precision: 18, scale: 2 }).notNull().default("0"),
    credit: numeric({ precision: 18, scale: 2 }).notNull().default("0"),
    currency: text(),
    exchangeRate: numeric({ precision: 18, scale: 8 }),
    foreignAmount: numeric({ precision: 18, scale: 2 }),
    quantity: numeric({ precision: 18, scale: 6 }),
    unitPrice: numeric({ precision: 18, scale: 6 }),
    dimensions: jsonb().$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    unique("voucher_lines_seq_key").on(t.recordId, t.seq),
    index("voucher_lines_account_idx").on(t.accountCode),
  ],
);

/** 原始凭证 and other source documents: invoices, bank receipts, claims, business documents. */
export const sourceDocuments = pgTable(
  "source_documents",
  {
    recordId: uuid()
      .primaryKey()
      .references(() => records.id, { onDelete: "cascade" }),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    kind: documentKindEnum().notNull(),
    documentNo: text(),
    issuedOn: date(),
    counterparty: text(),
    amount: numeric({ precision: 18, scale: 2 }),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("source_documents_no_idx").on(t.fondsId, t.kind, t.documentNo),
    // Vouchers cite a document by number whatever its kind (voucher_refs.ref_no).
    index("source_documents_doc_no_idx").on(t.fondsId, t.documentNo),
  ],
);

/**
 * Numbers a voucher cites (invoices, business documents, expense claims). Whichever of voucher and
 * document arrives first, the link is made when the other arrives, by matching refNo.
 */
export const voucherRefs = pgTable(
  "voucher_refs",
  {
    recordId: uuid()
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    refType: text().notNull(),
    refNo: text().notNull(),
  },
  (t) => [
    unique("voucher_refs_key").on(t.recordId, t.refType, t.refNo),
    index("voucher_refs_no_idx").on(t.fondsId, t.refNo),
  ],
);

/**
 * The invoice registry that prevents 重复报销 (财会〔2020〕6号, 财会〔2024〕11号 Art. 25): one row per
 * invoice, keyed by its number (legacy invoices: code + number), across every fonds of the installation.
 */
export const invoices = pgTable(
  "invoices",
  {
    id: uuid().primaryKey().defaultRandom(),
    invoiceNo: text().notNull(),
    invoiceCode: text().notNull().default(""),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    documentRecordId: uuid().references(() => records.id),
    voucherRecordId: uuid().references(() => records.id),
    issueDate: date(),
    sellerName: text(),
    sellerTaxId: text(),
    buyerName: text(),
    buyerTaxId: text(),
    amount: numeric({ precision: 18, scale: 2 }),
    tax: numeric({ precision: 18, scale: 2 }),
    total: numeric({ precision: 18, scale: 2 }),
    sha256: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("invoices_number_key").on(t.invoiceNo, t.invoiceCode)],
);

/** Content-addressed file bytes; the bytes live in lib/storage, never in the database (DA/T 94 E.3c). */
export const storedFiles = pgTable(
  "stored_files",
  {
    id: uuid().primaryKey().defaultRandom(),
    sha256: text().notNull(),
    sm3: text().notNull(),
    size: bigint({ mode: "number" }).notNull(),
    mediaType: text().notNull(),
    storageKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastVerifiedAt: timestamp({ withTimezone: true }),
    lastVerifyOk: text(),
  },
  (t) => [
    unique("stored_files_sha256_key").on(t.sha256),
    // The fixity sample's order (verified longest ago first), read a batch at a time: without it each batch sorts the whole store.
    index("stored_files_verify_order_idx").on(t.lastVerifiedAt.asc().nullsFirst(), t.createdAt, t.id),
  ],
);

export const recordFiles = pgTable(
  "record_files",
  {
    id: uuid().primaryKey().defaultRandom(),
    recordId: uuid()
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    fileId: uuid()
      .notNull()
      .references(() => storedFiles.id),
    role: fileRoleEnum().notNull().default("content"),
    fileName: text().notNull(),
    seq: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("record_files_key").on(t.recordId, t.fileId, t.role), index("record_files_file_idx").on(t.fileId)],
);

export const recordLinks = pgTable(
  "record_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    fromRecordId: uuid()
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    toRecordId: uuid()
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    linkType: linkTypeEnum().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("record_links_key").on(t.fromRecordId, t.toRecordId, t.linkType),
    index("record_links_to_idx").on(t.toRecordId),
  ],
);

export const alerts = pgTable(
  "alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    fondsId: uuid().references(() => fonds.id),
    kind: alertKindEnum().notNull(),
    recordId: uuid().references(() => records.id),
    fileId: uuid().references(() => storedFiles.id),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id),
    /** What was done about it (restored from which backup, why it is no duplicate), said by whoever resolved it. */
    resolutionNote: text(),
  },
  (t) => [index("alerts_open_idx").on(t.fondsId, t.kind).where(sql`resolved_at is null`)],
);
