import { z } from "zod";
import { invalid, ok, type Result } from "@/lib/errors";
import zh from "@/lib/i18n/messages/zh-CN/archive.json";
import { STAGES } from "./types";

/** The 45 items of DA/T 70 (as the registry and the reports name them), e.g. "2-8". */
export const CHECK_CODES = Object.keys(zh.check.title) as [string, ...string[]];

const ByCategory = z.object({
  voucher: z.array(z.string().min(1)),
  ledger: z.array(z.string().min(1)),
  report: z.array(z.string().min(1)),
  other: z.array(z.string().min(1)),
});

/**
 * 2-3 (元数据项完整性): the elements each record's metadata must carry, possibly empty. Names follow the
 * glossary; they correspond to DA/T 94 App. A (M22 题名, M40 会计年度, M41 会计月份, M43 编制人, M45 审核人…).
 */
const DEFAULT_ELEMENTS = {
  voucher: ["title", "fiscalYear", "period", "voucherWord", "voucherNo", "voucherDate", "summary", "preparer", "reviewer", "poster", "attachmentCount", "currency"],
  ledger: ["title", "fiscalYear", "ledgerKind", "preparer", "reviewer"],
  report: ["title", "fiscalYear", "periodKind", "period", "preparer", "reviewer"],
  other: ["title", "fiscalYear", "materialType"],
};

/** 2-4 (必填著录项): the elements that must also have a value. */
const DEFAULT_REQUIRED = {
  voucher: ["fiscalYear", "period", "voucherWord", "voucherNo", "voucherDate", "preparer", "reviewer"],
  ledger: ["title", "fiscalYear", "ledgerKind"],
  report: ["title", "fiscalYear", "periodKind"],
  other: ["title", "fiscalYear"],
};

const FieldSpec = z.object({
  type: z.enum(["string", "integer", "date", "decimal"]),
  maxLength: z.number().int().positive().optional(),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

/** 1-2 (length) and 1-3 (type and format) of the metadata elements the system knows. */
const DEFAULT_FIELDS: Record<string, FieldSpec> = {
  title: { type: "string", maxLength: 500 },
  fiscalYear: { type: "integer", maxLength: 4 },
  period: { type: "integer", maxLength: 2 },
  voucherWord: { type: "string", maxLength: 32 },
  voucherNo: { type: "integer", maxLength: 20 },
  voucherDate: { type: "date" },
  summary: { type: "string", maxLength: 500 },
  preparer: { type: "string", maxLength: 100 },
  reviewer: { type: "string", maxLength: 100 },
  poster: { type: "string", maxLength: 100 },
  cashier: { type: "string", maxLength: 100 },
  attachmentCount: { type: "integer", maxLength: 6 },
  currency: { type: "string", maxLength: 3 },
  amount: { type: "decimal", maxLength: 20 },
  archivalCode: { type: "string", maxLength: 100 },
};

export const DUPLICATE_KEY = /^(voucher_identity|invoice_number|archival_code|metadata:.+)$/;

/** A fonds' check settings (fonds.settings.checks), validated before they are stored. */
export const CheckOptionsSchema = z.object({
  stage: z.enum(STAGES).default("GD"),
  /** Items the fonds switched off; they are reported as not performed, never as passed. */
  disabled: z.array(z.string().regex(/^[1-4]-\d{1,2}$/).pipe(z.enum(CHECK_CODES))).default([]),
  /**
   * 1-8: DA/T 70 lets the user choose the keys; voucher identity and invoice numbers catch 重复入账 (财会〔2020〕6号).
   * At least one: a check by no key would pass without looking; a fonds that wants none switches 1-8 off.
   */
  duplicateKeys: z.array(z.string().regex(DUPLICATE_KEY)).min(1).default(["voucher_identity", "invoice_number"]),
  metadataElements: ByCategory.default(DEFAULT_ELEMENTS),
  requiredMetadata: ByCategory.default(DEFAULT_REQUIRED),
  metadataFields: z.record(z.string(), FieldSpec).default(DEFAULT_FIELDS),
  /**
   * 2-8: fewer linked source documents than the voucher declares is normal while originals are on paper
   * (DA/T 94 8.4.4), so the fonds decides how much it matters.
   */
  attachmentShortfallOutcome: z.enum(["pass", "warning", "fail"]).default("warning"),
  /** 3-3: allowed formats by sniffed media type; null uses the long-term list of lib/files/identify. */
  allowedMediaTypes: z.array(z.string().min(1)).nullable().default(null),
  /** 1-4: the voucher words this fonds uses; null accepts any. */
  voucherWords: z.array(z.string().min(1)).nullable().default(null),
  /** 1-4: earliest plausible fiscal year. */
  minFiscalYear: z.number().int().min(1900).default(1950),
});

export type CheckOptions = z.output<typeof CheckOptionsSchema>;
export type CheckOptionsInput = z.input<typeof CheckOptionsSchema>;

export function parseCheckOptions(raw: unknown): Result<CheckOptions> {
  const parsed = CheckOptionsSchema.safeParse(raw ?? {});
  return parsed.success ? ok(parsed.data) : invalid(parsed.error);
}
