import { parseTemplate } from "@/lib/archive/codes/template";
import { ENTERPRISE_SCHEDULE } from "@/lib/archive/retention/schedules";
import { CheckOptionsSchema, type CheckOptions, type CheckOptionsInput } from "../options";
import type { CheckContext, CheckFile, CheckRecord, RecordCheckContext } from "../types";

const DIGEST = "a".repeat(64);

export function file(overrides: Partial<CheckFile> = {}): CheckFile {
  return {
    name: "记账凭证.ofd",
    size: 2048,
    mediaType: "application/ofd",
    sha256AtIngest: DIGEST,
    sha256Now: DIGEST,
    isEncrypted: false,
    hasProprietaryCompression: false,
    hasSignature: false,
    virusScan: "clean",
    declared: { name: "记账凭证.ofd", size: 2048, mediaType: "application/ofd" },
    ...overrides,
  };
}

/** A clean 记字 voucher of March 2024 with one source document, coded under the default rule. */
export function voucherRecord(no = 1, overrides: Partial<CheckRecord> = {}): CheckRecord {
  const voucherNo = String(no);
  return {
    id: `v${no}`,
    category: "voucher",
    materialType: "voucher",
    fiscalYear: 2024,
    period: 3,
    retention: "Y30",
    archivalCode: `Z001-KU·PZ·2024·D30-0001-${voucherNo.padStart(4, "0")}`,
    metadata: {
      title: "报销差旅费",
      fiscalYear: 2024,
      period: 3,
      voucherWord: "记",
      voucherNo,
      voucherDate: "2024-03-15",
      summary: "报销差旅费",
      preparer: "张三",
      reviewer: "李四",
      poster: "王五",
      attachmentCount: 1,
      currency: "CNY",
      amount: "1200.50",
    },
    voucher: {
      voucherWord: "记",
      voucherNo,
      date: "2024-03-15",
      preparer: "张三",
      reviewer: "李四",
      poster: "王五",
      attachmentCount: 1,
      lines: [
        { summary: "报销差旅费", accountCode: "6602", debit: "1200.50", credit: "0" },
        { summary: "报销差旅费", accountCode: "1002", debit: "0", credit: "1200.50" },
      ],
    },
    invoiceNumbers: [`2432000000012345678${no % 10}`],
    files: [file()],
    declaredFileCount: 1,
    linkedSourceDocuments: 1,
    ...overrides,
  };
}

function template(text: string) {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(parsed.error.code);
  return parsed.value;
}

export function context(records: CheckRecord[] = [voucherRecord(1), voucherRecord(2)], overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    batch: { records, declared: { itemCount: records.length, totalBytes: records.length * 2048 } },
    fonds: {
      fondsCode: "Z001",
      codeTemplates: { voucher: template("{fonds}-KU·{class}·{year}·{retention}-{volume:4}-{item:4}") },
      schedule: ENTERPRISE_SCHEDULE,
      overrides: {},
    },
    environment: { antivirusAvailable: true },
    manualResults: [],
    today: "2025-01-20",
    ...overrides,
  };
}

/** The context of the batch's first record, or of `record` alone. */
export function recordContext(record: CheckRecord = voucherRecord(1), overrides: Partial<CheckContext> = {}): RecordCheckContext {
  return { ...context([record], overrides), record };
}

export function options(input: CheckOptionsInput = {}): CheckOptions {
  return CheckOptionsSchema.parse(input);
}
