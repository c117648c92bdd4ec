import type { CodeTemplate } from "@/lib/archive/codes/template";
import type { RetentionOverrides } from "@/lib/archive/retention/resolve-retention";
import type { RecordCategory, RetentionSchedule } from "@/lib/archive/retention/schedules";
import type { CanonicalLine, VoucherHeader } from "@/lib/erp/model";
import type { CheckOptions } from "./options";

/** DA/T 70-2018 stages: GD 归档, YJ 移交与接收, BC 长期保存. */
export const STAGES = ["GD", "YJ", "BC"] as const;
export type Stage = (typeof STAGES)[number];

export const PROPERTIES = ["authenticity", "completeness", "usability", "security"] as const;
export type Property = (typeof PROPERTIES)[number];

export const OUTCOMES = ["pass", "fail", "warning", "not_applicable", "not_performed"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A translatable explanation: `code` keys lib/i18n/messages/<locale>/archive.json. */
export interface Detail {
  code: `archive.check.${string}`;
  params?: Record<string, string | number>;
}

export interface Finding {
  outcome: Outcome;
  detail: Detail;
}

export interface CheckResult extends Finding {
  code: string;
  property: Property;
  /** Null for items decided once for the whole batch (2-1 total count, 4-1 antivirus…). */
  recordId: string | null;
}

/** One content file of a record, with what was measured at ingest and now. */
export interface CheckFile {
  name: string;
  size: number;
  /** Media type sniffed from the bytes (lib/files/identify); null when unrecognised. */
  mediaType: string | null;
  /** Lower-case hex SHA-256 recorded at ingest (固化). */
  sha256AtIngest: string | null;
  /** Recomputed now; null when the file is missing from storage or cannot be read. */
  sha256Now: string | null;
  /** The store holds the file but could not read it (an I/O or permission error): damaged, not missing. */
  unreadable?: boolean;
  isEncrypted: boolean;
  hasProprietaryCompression: boolean;
  hasSignature: boolean;
  /** Result of verifying the signature elsewhere (e.g. the e-invoice module); undefined when not verified. */
  signatureValid?: boolean;
  virusScan: "clean" | "infected" | "unavailable";
  virusName?: string;
  /** Electronic attributes the metadata declares for this file (DA/T 94 M54 格式, M55 文件名, M56 大小). */
  declared?: { name?: string; size?: number; mediaType?: string };
}

export type CheckVoucher = Pick<
  VoucherHeader,
  "voucherWord" | "voucherNo" | "date" | "preparer" | "reviewer" | "poster" | "cashier" | "attachmentCount"
> & {
  lines: readonly Pick<CanonicalLine, "summary" | "accountCode" | "debit" | "credit">[];
  /** 红字 reversal (DA/T 95 RED_FLAG): its amounts are negative by design. */
  redFlag?: boolean;
};

export interface CheckRecord {
  id: string;
  category: RecordCategory;
  materialType: string;
  fiscalYear: number;
  period: number | null;
  /** As stored; checked against the allowed set by 1-4. */
  retention: string;
  archivalCode: string | null;
  /** The record's metadata; null when the stored metadata could not be read (3-2). */
  metadata: Readonly<Record<string, unknown>> | null;
  /** Companion XML description file (DA/T 94 6.4) when one was received. */
  metadataXml?: string | null;
  /** Name of the companion XML file when the store holds it but could not read it. */
  metadataFileUnreadable?: string;
  /** Name of the companion XML file when it is larger than METADATA_FILE_MAX_BYTES, so was not read. */
  metadataFileTooLarge?: string;
  voucher?: CheckVoucher;
  invoiceNumbers?: readonly string[];
  files: readonly CheckFile[];
  /** Number of files the record's metadata declares (2-11); null when it declares none. */
  declaredFileCount: number | null;
  /** Source documents linked to this voucher (2-8). */
  linkedSourceDocuments: number;
}

export interface CheckBatch {
  records: readonly CheckRecord[];
  /** Totals the sender declared in its register (登记表, DA/T 94 Table F.1), for 2-1 and 2-2. */
  declared?: { itemCount?: number; totalBytes?: number };
  /**
   * Vouchers of the batch's months that the archive already holds outside the batch (filed earlier, in other
   * volumes), so 2-6 judges a month's numbering as a whole: voucher 2, held back and fixed, is filed after 1 and 3.
   */
  knownVouchers?: readonly { fiscalYear: number; period: number; voucherWord: string; voucherNo: string }[];
  /** Present when the batch arrived as a package (DA/T 94 Fig. F.1) rather than through the online interface. */
  package?: { sha256AtIngest: string | null; sha256Now: string | null; fileNames: readonly string[] };
}

/** A result a person recorded for an item software cannot decide (2-7 content, 3-4 readability…). */
export interface ManualResult {
  code: string;
  /** Null for a batch-level item. */
  recordId: string | null;
  outcome: "pass" | "fail" | "warning";
  by: string;
  /** ISO timestamp, UTC. */
  at: string;
}

export interface CheckContext {
  batch: CheckBatch;
  fonds: {
    fondsCode: string;
    /** The fonds' archival code rule per category; missing rules leave 1-7 not performed. */
    codeTemplates: Partial<Record<RecordCategory, CodeTemplate>>;
    schedule: RetentionSchedule;
    overrides: RetentionOverrides;
  };
  environment: { antivirusAvailable: boolean };
  manualResults: readonly ManualResult[];
  /** Today in Asia/Shanghai (YYYY-MM-DD), for the plausibility of fiscal years (1-4). */
  today: string;
}

export interface RecordCheckContext extends CheckContext {
  record: CheckRecord;
}

interface CheckMeta {
  /** DA/T 70 item number, "1-1" … "4-9". */
  code: string;
  property: Property;
  title: { zh: string; en: string };
  stages: readonly Stage[];
  mode: "auto" | "manual";
}

export type CheckDefinition = CheckMeta &
  (
    | { scope: "record"; run(ctx: RecordCheckContext, options: CheckOptions): Finding }
    | { scope: "batch"; run(ctx: CheckContext, options: CheckOptions): readonly Finding[] }
  );
