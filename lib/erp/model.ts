import { createHash } from "node:crypto";
import { z } from "zod";
import { formatDecimal, parseDecimal } from "@/lib/decimal";
import { isIsoDate } from "@/lib/erp/dates";

/** The four words of 会计基础工作规范 Art. 51; a source may use its own (SAP document types, Odoo journals). */
export const STANDARD_VOUCHER_WORDS = ["记", "收", "付", "转"] as const;

const WORDS = /^(记|收|付|转)(账|款)?(凭证)?$/;

/** "记账凭证" and "收款凭证" name the same 凭证字 as "记" and "收" (会计基础工作规范 Art. 51). */
export function normaliseVoucherWord(word: string): string {
  const w = word.trim();
  return WORDS.exec(w)?.[1] ?? w;
}

/** Money keeps two decimals (分); rates, quantities and prices keep up to six. */
export const MoneySchema = z.string().regex(/^-?\d+(\.\d{1,2})?$/);
export const DecimalSchema = z.string().regex(/^-?\d+(\.\d{1,6})?$/);
export const IsoDateSchema = z.string().refine(isIsoDate);
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/);

/** 数电票 numbers have 20 digits; legacy VAT e-invoices are cited as "<10/12-digit code>-<8-digit number>". */
export const InvoiceNumberSchema = z.string().regex(/^(\d{20}|\d{10}-\d{8}|\d{12}-\d{8})$/);

/**
 * Free text from the ERP. PostgreSQL text cannot hold NUL, and a NUL refused by the database would fail the
 * whole batch; refused here it names its field and only its voucher is rejected.
 */
const Text = () => z.string().refine((s) => !s.includes("\u0000"), { params: { erpCode: "erp.text_nul" } });

export const CanonicalLineSchema = z.object({
  seq: z.number().int().positive(),
  summary: Text().max(500),
  accountCode: Text().trim().min(1).max(64),
  accountName: Text().max(200).optional(),
  debit: MoneySchema,
  credit: MoneySchema,
  currency: CurrencySchema.optional(),
  exchangeRate: DecimalSchema.optional(),
  foreignAmount: DecimalSchema.optional(),
  quantity: DecimalSchema.optional(),
  unitPrice: DecimalSchema.optional(),
  dimensions: z.record(Text(), Text()).default({}),
});

const optionalName = Text().trim().min(1).max(100).optional();

export const VoucherHeaderSchema = z.object({
  sourceSystem: Text().trim().min(1).max(64),
  fiscalYear: z.number().int().min(1900).max(9999),
  period: z.number().int().min(1).max(12),
  // The push API and canonical JSON name it as the file formats do, or one voucher would be two.
  voucherWord: Text().trim().min(1).max(32).transform(normaliseVoucherWord),
  voucherNo: z.string().regex(/^\d{1,20}$/).refine((no) => /[1-9]/.test(no)),
  date: IsoDateSchema,
  summary: Text().max(500).optional(),
  preparer: optionalName,
  reviewer: optionalName,
  poster: optionalName,
  cashier: optionalName,
  attachmentCount: z.number().int().min(0).optional(),
  currency: CurrencySchema.default("CNY"),
  externalId: Text().trim().min(1).max(200).optional(),
  invoiceNumbers: z.array(InvoiceNumberSchema).default([]),
  documentRefs: z.array(Text().trim().min(1).max(200)).default([]),
});

/** The voucher-level summary defaults to the first line's, as printed on a 记账凭证 head. */
export const CanonicalVoucherSchema = VoucherHeaderSchema.extend({
  lines: z.array(CanonicalLineSchema).min(1),
}).transform((v) => ({ ...v, summary: v.summary ?? v.lines[0]?.summary ?? "" }));

export type CanonicalLine = z.output<typeof CanonicalLineSchema>;
export type VoucherHeader = z.output<typeof VoucherHeaderSchema>;
export type CanonicalVoucher = z.output<typeof CanonicalVoucherSchema>;
export type CanonicalVoucherInput = z.input<typeof CanonicalVoucherSchema>;

/** One source row turned into a line that still carries its voucher's header, so it can be staged and grouped later. */
export interface FlatCanonicalLine {
  header: VoucherHeader;
  line: CanonicalLine;
}

export interface VoucherIdentity {
  sourceSystem: string;
  fiscalYear: number;
  period: number;
  voucherWord: string;
  voucherNo: string;
  /** Stable string form of the tuple, for maps and unique indexes. */
  key: string;
}

type IdentityFields = Pick<VoucherHeader, "sourceSystem" | "fiscalYear" | "period" | "voucherWord" | "voucherNo">;

/**
 * Fonds-independent identity of a voucher: the numbering unit of 会计基础工作规范 Art. 51 is
 * (word, number) within a period. Leading zeros are dropped because K/3 DBF exports pad numbers
 * while list exports of the same ledger do not.
 */
export function voucherIdentity(v: IdentityFields): VoucherIdentity {
  const voucherNo = v.voucherNo.replace(/^0+(?=\d)/, "");
  const tuple = [v.sourceSystem, v.fiscalYear, v.period, v.voucherWord, voucherNo] as const;
  return {
    sourceSystem: v.sourceSystem,
    fiscalYear: v.fiscalYear,
    period: v.period,
    voucherWord: v.voucherWord,
    voucherNo,
    key: JSON.stringify(tuple),
  };
}

/** Numeric order of voucher numbers given as digit strings ("9" before "10"). */
export function compareVoucherNo(a: string, b: string): number {
  const x = BigInt(/^\d+$/.test(a) ? a : "0");
  const y = BigInt(/^\d+$/.test(b) ? b : "0");
  return x === y ? a.localeCompare(b) : x < y ? -1 : 1;
}

/**
 * Sorted keys, undefined members dropped (undefined array items print as nothing, as join did).
 * Stored content hashes depend on these exact bytes; written as loops because every voucher of an
 * import is hashed.
 */
function canonicalJson(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i += 1) out += (i > 0 ? "," : "") + (canonicalJson(value[i]) ?? "");
    return `${out}]`;
  }
  if (value !== null && typeof value === "object") {
    let out = "{";
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      out += `${out.length > 1 ? "," : ""}${JSON.stringify(key)}:${canonicalJson(v)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/** Already minimal: what parseDecimal returns for a value it has read. */
const MINIMAL = /^(?:0|-?[1-9]\d*)(?:\.\d*[1-9])?$|^-0\.\d*[1-9]$/;

function minimal(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (MINIMAL.test(value)) return value;
  const r = parseDecimal(value);
  return r.ok ? r.value : value;
}

/**
 * SHA-256 over a canonical JSON form (sorted keys, amounts at two decimals, other decimals minimal,
 * lines by seq), so a re-import can tell "unchanged" from "changed" regardless of source formatting.
 */
export function voucherContentHash(v: CanonicalVoucher): string {
  const normalised = {
    ...v,
    voucherNo: v.voucherNo.replace(/^0+(?=\d)/, ""),
    invoiceNumbers: [...v.invoiceNumbers].sort(),
    documentRefs: [...v.documentRefs].sort(),
    lines: [...v.lines]
      .sort((a, b) => a.seq - b.seq)
      .map((l) => ({
        ...l,
        debit: formatDecimal(l.debit, 2),
        credit: formatDecimal(l.credit, 2),
        exchangeRate: minimal(l.exchangeRate),
        foreignAmount: minimal(l.foreignAmount),
        quantity: minimal(l.quantity),
        unitPrice: minimal(l.unitPrice),
      })),
  };
  return createHash("sha256").update(canonicalJson(normalised)!).digest("hex");
}
