import { validateCode } from "@/lib/archive/codes/validate-code";
import { CLASS_CODES, RETENTION_CODES } from "@/lib/archive/codes/template";
import { parseIsoDate } from "@/lib/archive/retention/compute-expiry";
import { isRetention, keepsAtLeast } from "@/lib/archive/retention/resolve-retention";
import type { Retention } from "@/lib/archive/retention/schedules";
import { addDecimals, compareDecimals } from "@/lib/decimal";
import { finding, list } from "./finding";
import type { CheckOptions, FieldSpec } from "./options";
import type { CheckContext, CheckRecord, Finding, RecordCheckContext } from "./types";

/** Strips the zero padding some ERP exports add (K/3 DBF "0007"), as lib/erp's voucher identity does. */
export function normaliseVoucherNo(no: string): string {
  return no.replace(/^0+(?=\d)/, "");
}

/** 1-1 固化信息有效性: the digest taken at ingest must still match; a signature present is reported. */
export function checkFixity({ record }: RecordCheckContext): Finding {
  if (record.files.length === 0) return finding("not_applicable", "archive.check.no_files");
  const unavailable = record.files.filter((f) => !f.unreadable && (f.sha256AtIngest === null || f.sha256Now === null));
  const mismatched = record.files.filter((f) => f.sha256AtIngest !== null && f.sha256Now !== null && f.sha256AtIngest !== f.sha256Now);
  if (mismatched.length) return finding("fail", "archive.check.digest_mismatch", { files: list(mismatched.map((f) => f.name)) });
  // Bytes that cannot be read can no longer prove they are the ones fixed at ingest: damaged, as the fixity audit counts them.
  const unreadable = record.files.filter((f) => f.unreadable);
  if (unreadable.length) return finding("fail", "archive.check.file_unreadable", { files: list(unreadable.map((f) => f.name)) });
  const badSignature = record.files.filter((f) => f.hasSignature && f.signatureValid === false);
  if (badSignature.length) return finding("fail", "archive.check.signature_invalid", { files: list(badSignature.map((f) => f.name)) });
  if (unavailable.length) return finding("not_performed", "archive.check.digest_unavailable", { files: list(unavailable.map((f) => f.name)) });
  const signed = record.files.filter((f) => f.hasSignature);
  if (signed.length === 0) return finding("pass", "archive.check.digest_ok_no_signature");
  return signed.every((f) => f.signatureValid === true)
    ? finding("pass", "archive.check.digest_ok_signature_valid", { files: list(signed.map((f) => f.name)) })
    : finding("pass", "archive.check.digest_ok_signature_present", { files: list(signed.map((f) => f.name)) });
}

function presentFields(record: CheckRecord, options: CheckOptions): [string, unknown, FieldSpec][] {
  if (!record.metadata) return [];
  const fields: [string, unknown, FieldSpec][] = [];
  for (const [name, spec] of Object.entries(options.metadataFields)) {
    const value = record.metadata[name];
    if (value !== undefined && value !== null && value !== "") fields.push([name, value, spec]);
  }
  return fields;
}

/** 1-2 元数据长度: values no longer than the element allows. */
export function checkLength({ record }: RecordCheckContext, options: CheckOptions): Finding {
  if (!record.metadata) return finding("not_performed", "archive.check.metadata_unreadable");
  const tooLong = presentFields(record, options)
    .filter(([, value, spec]) => spec.maxLength !== undefined && [...String(value)].length > spec.maxLength)
    .map(([name]) => name);
  return tooLong.length ? finding("fail", "archive.check.too_long", { fields: list(tooLong), count: tooLong.length }) : finding("pass", "archive.check.lengths_ok");
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const MONEY = /^-?\d+(\.\d{1,2})?$/;

function hasType(value: unknown, spec: FieldSpec): boolean {
  switch (spec.type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return (typeof value === "number" && Number.isSafeInteger(value)) || (typeof value === "string" && INTEGER.test(value));
    case "date":
      return typeof value === "string" && parseIsoDate(value) !== null;
    case "decimal":
      // Amounts travel as decimal strings; a JSON number may already have lost cents to binary floating point.
      return typeof value === "string" && DECIMAL.test(value);
  }
}

/** 1-3 元数据类型、格式: dates are real YYYY-MM-DD dates, numbers are numbers, amounts exact decimals. */
export function checkTypes({ record }: RecordCheckContext, options: CheckOptions): Finding {
  if (!record.metadata) return finding("not_performed", "archive.check.metadata_unreadable");
  const bad = presentFields(record, options)
    .filter(([, value, spec]) => !hasType(value, spec))
    .map(([name]) => name);
  if (record.voucher) {
    if (parseIsoDate(record.voucher.date) === null) bad.push("voucher.date");
    record.voucher.lines.forEach((line, i) => {
      if (!MONEY.test(line.debit)) bad.push(`lines.${i}.debit`);
      if (!MONEY.test(line.credit)) bad.push(`lines.${i}.credit`);
    });
  }
  return bad.length ? finding("fail", "archive.check.bad_format", { fields: list(bad), count: bad.length }) : finding("pass", "archive.check.formats_ok");
}

/** 1-4 元数据值域: period 1-12, a fiscal year that can exist, a known retention and voucher word. */
export function checkRanges({ record, today }: RecordCheckContext, options: CheckOptions): Finding {
  const thisYear = Number(today.slice(0, 4));
  if (!Number.isInteger(record.fiscalYear) || record.fiscalYear < options.minFiscalYear || record.fiscalYear > thisYear) {
    return finding("fail", "archive.check.year_out_of_range", { year: record.fiscalYear, min: options.minFiscalYear, max: thisYear });
  }
  const period = record.period;
  if ((record.category === "voucher" && period === null) || (period !== null && (!Number.isInteger(period) || period < 1 || period > 12))) {
    return finding("fail", "archive.check.period_out_of_range", { period: period ?? "" });
  }
  if (!isRetention(record.retention)) return finding("fail", "archive.check.retention_unknown", { retention: record.retention });
  const word = record.voucher?.voucherWord;
  if (word !== undefined && options.voucherWords !== null && !options.voucherWords.includes(word)) {
    return finding("fail", "archive.check.voucher_word_unknown", { word });
  }
  return finding("pass", "archive.check.values_in_range");
}

/** 1-5 元数据值合理性: the voucher is dated inside its period, balances, and has no negative amounts. */
export function checkReasonableness({ record }: RecordCheckContext): Finding {
  const voucher = record.voucher;
  if (!voucher) return finding("not_applicable", "archive.check.not_a_voucher");
  // Nothing to add up is not a balance: 会计基础工作规范 Art. 51 requires the entries (分录) on every voucher.
  if (voucher.lines.length === 0) return finding("fail", "archive.check.no_lines");
  const amounts = voucher.lines.flatMap((l) => [l.debit, l.credit]);
  const date = parseIsoDate(voucher.date);
  if (!date || !amounts.every((a) => MONEY.test(a))) return finding("not_performed", "archive.check.voucher_unreadable");
  if (date.year !== record.fiscalYear || date.month !== record.period) {
    return finding("fail", "archive.check.date_outside_period", { date: voucher.date, year: record.fiscalYear, month: record.period ?? "" });
  }
  // 红字冲销 vouchers carry negative amounts on purpose; anything else negative is a data error.
  const negative = voucher.lines.findIndex((l) => compareDecimals(l.debit, "0") < 0 || compareDecimals(l.credit, "0") < 0);
  if (negative >= 0 && !voucher.redFlag) return finding("fail", "archive.check.negative_amount", { line: negative + 1 });
  const debit = addDecimals("0", ...voucher.lines.map((l) => l.debit));
  const credit = addDecimals("0", ...voucher.lines.map((l) => l.credit));
  // 会计基础工作规范 Art. 51: 借贷必须相等.
  if (compareDecimals(debit, credit) !== 0) return finding("fail", "archive.check.unbalanced", { debit, credit });
  return finding("pass", "archive.check.voucher_reasonable", { debit });
}

/**
 * Characters GB 18030 cannot carry or that corrupt exports: C0/C1 controls other than tab and line breaks,
 * U+FFFD left by a failed decode, the noncharacters U+FFFE/U+FFFF; lone surrogates are caught separately.
 */
const SPECIAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\uFFFE\uFFFF]/;

function collectStrings(value: unknown, path: string, out: [string, string][]): void {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => collectStrings(v, `${path}.${i}`, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) collectStrings(v, path ? `${path}.${k}` : k, out);
  }
}

/** 1-6 元数据特殊字符 (GB 18030). */
export function checkSpecialCharacters({ record }: RecordCheckContext): Finding {
  const strings: [string, string][] = [];
  collectStrings(record.metadata ?? {}, "", strings);
  record.voucher?.lines.forEach((line, i) => strings.push([`lines.${i}.summary`, line.summary]));
  record.files.forEach((file, i) => strings.push([`files.${i}.name`, file.name]));
  const bad = strings.filter(([, s]) => SPECIAL.test(s) || !s.isWellFormed()).map(([path]) => path);
  return bad.length ? finding("fail", "archive.check.special_characters", { fields: list(bad), count: bad.length }) : finding("pass", "archive.check.characters_ok");
}

/** 1-7 档号规范性: the code reads back under the fonds' rule and agrees with the record (DA/T 13, DA/T 94 8.7). */
export function checkArchivalCode({ record, fonds }: RecordCheckContext): Finding {
  if (record.archivalCode === null) return finding("not_applicable", "archive.check.code_not_assigned");
  const template = fonds.codeTemplates[record.category];
  if (!template) return finding("not_performed", "archive.check.no_code_rule", { category: record.category });
  const parsed = validateCode(template, record.archivalCode);
  if (!parsed.ok) return finding("fail", "archive.check.code_malformed", { code: record.archivalCode, rule: template.source });
  const parts = parsed.value;
  const expected: [string, string | number | undefined, string | number | undefined][] = [
    ["fonds", fonds.fondsCode, parts.fonds],
    ["class", CLASS_CODES[record.category], parts.class && CLASS_CODES[parts.class]],
    ["year", record.fiscalYear, parts.year],
    ["month", record.period ?? undefined, parts.month],
    ["voucherWord", record.voucher?.voucherWord, parts.voucherWord],
  ];
  for (const [part, want, actual] of expected) {
    if (actual !== undefined && actual !== want) {
      return finding("fail", "archive.check.code_part_mismatch", { code: record.archivalCode, part, expected: want ?? "", actual });
    }
  }
  // A code carries its volume's term, the longest inside (DA/T 104 7.6.3), so a record may be kept for less
  // than its code says, never for more.
  const written = parts.retentionCode;
  if (written !== undefined) {
    // D5 stands for both 5 years and 5 years after disposal.
    const coded = (Object.keys(RETENTION_CODES) as Retention[]).filter((r) => RETENTION_CODES[r] === written);
    const kept = record.retention;
    if (!isRetention(kept) || !coded.some((r) => keepsAtLeast(r, kept))) {
      const want = isRetention(record.retention) ? RETENTION_CODES[record.retention] : record.retention;
      return finding("fail", "archive.check.code_part_mismatch", { code: record.archivalCode, part: "retention", expected: want, actual: written });
    }
  }
  return finding("pass", "archive.check.code_valid", { code: record.archivalCode });
}

function duplicateValues(record: CheckRecord, key: string): string[] {
  if (key === "voucher_identity") {
    const v = record.voucher;
    return v ? [`${record.fiscalYear}/${record.period}/${v.voucherWord}/${normaliseVoucherNo(v.voucherNo)}`] : [];
  }
  if (key === "invoice_number") return [...(record.invoiceNumbers ?? [])];
  if (key === "archival_code") return record.archivalCode ? [record.archivalCode] : [];
  const value = record.metadata?.[key.slice("metadata:".length)];
  return typeof value === "string" || typeof value === "number" ? [String(value)] : [];
}

/** The built-in keys each have their own wording; a metadata element is named by its key. */
const DUPLICATE_CODES: Record<string, `archive.check.${string}`> = {
  voucher_identity: "archive.check.duplicate_voucher",
  invoice_number: "archive.check.duplicate_invoice",
  archival_code: "archive.check.duplicate_code",
};

// The batch's records by each key's values, built once per batch and key: 1-8 runs for every record, and
// scanning the whole batch each time made a month of 3,000 vouchers cost seconds and a year's minutes.
const valueIndexes = new WeakMap<readonly CheckRecord[], Map<string, Map<string, CheckRecord[]>>>();

function recordsByValue(records: readonly CheckRecord[], key: string): Map<string, CheckRecord[]> {
  let byKey = valueIndexes.get(records);
  if (!byKey) valueIndexes.set(records, (byKey = new Map()));
  let index = byKey.get(key);
  if (!index) {
    index = new Map();
    for (const r of records) {
      for (const value of new Set(duplicateValues(r, key))) {
        const holders = index.get(value);
        if (holders) holders.push(r);
        else index.set(value, [r]);
      }
    }
    byKey.set(key, index);
  }
  return index;
}

/** 1-8 重复性: no other record of the batch shares a key value (and 财会〔2020〕6号: no 重复入账). */
export function checkDuplicates({ record, batch }: RecordCheckContext, options: CheckOptions): Finding {
  for (const key of options.duplicateKeys) {
    const index = recordsByValue(batch.records, key);
    for (const value of duplicateValues(record, key)) {
      const others = (index.get(value) ?? []).filter((r) => r.id !== record.id);
      if (others.length) return finding("fail", DUPLICATE_CODES[key] ?? "archive.check.duplicate", { key, value, records: list(others.map(labelOf)) });
    }
  }
  return finding("pass", "archive.check.no_duplicates", { keys: list(options.duplicateKeys), count: options.duplicateKeys.length });
}

/** How a person finds the other record: its voucher number, else its archival code, else its id. */
function labelOf(record: CheckRecord): string {
  if (record.voucher) return `${record.voucher.voucherWord}-${normaliseVoucherNo(record.voucher.voucherNo)}`;
  return record.archivalCode ?? record.id;
}

/** 1-10 电子属性一致性: file name, size and format as the metadata declares them. */
export function checkElectronicAttributes({ record }: RecordCheckContext): Finding {
  if (record.files.length === 0) return finding("not_applicable", "archive.check.no_files");
  const declaredFiles = record.files.filter((f) => f.declared);
  if (declaredFiles.length === 0) return finding("not_performed", "archive.check.no_declared_attributes");
  // A file missing from storage has no attributes to compare (1-11 fails it); the others are still compared.
  const missing = declaredFiles.filter((f) => f.sha256Now === null).map((f) => f.name);
  for (const file of declaredFiles.filter((f) => f.sha256Now !== null)) {
    const d = file.declared ?? {};
    if (d.name !== undefined && d.name !== file.name) return finding("fail", "archive.check.attribute_mismatch", { file: file.name, attribute: "name", declared: d.name, actual: file.name });
    if (d.size !== undefined && d.size !== file.size) return finding("fail", "archive.check.attribute_mismatch", { file: file.name, attribute: "size", declared: d.size, actual: file.size });
    if (d.mediaType !== undefined && d.mediaType.toLowerCase() !== (file.mediaType ?? "").toLowerCase()) {
      return finding("fail", "archive.check.attribute_mismatch", { file: file.name, attribute: "mediaType", declared: d.mediaType, actual: file.mediaType ?? "" });
    }
  }
  if (missing.length) return finding("not_performed", "archive.check.content_unavailable", { files: list(missing) });
  return finding("pass", "archive.check.attributes_match", { count: declaredFiles.length });
}

/** 1-11 元数据与内容关联: every file the metadata references is in storage. */
export function checkFilesExist({ record }: RecordCheckContext): Finding {
  if (record.files.length === 0) {
    return (record.declaredFileCount ?? 0) > 0
      ? finding("fail", "archive.check.files_missing", { files: "", count: record.declaredFileCount ?? 0 })
      : finding("not_applicable", "archive.check.no_files");
  }
  // A file the store holds but cannot read is there (1-1 and 3-3 fail it), not missing.
  const missing = record.files.filter((f) => f.sha256Now === null && !f.unreadable).map((f) => f.name);
  return missing.length ? finding("fail", "archive.check.files_missing", { files: list(missing), count: missing.length }) : finding("pass", "archive.check.files_present", { count: record.files.length });
}

/**
 * 1-12 说明文件 / 1-13 目录结构: only a delivered package (DA/T 94 Fig. F.1) has a description file and
 * folders; the online interface has none. A package's layout is not examined by this system.
 */
export function checkPackageLayout({ batch }: CheckContext): readonly Finding[] {
  return [batch.package ? finding("not_performed", "archive.check.package_layout_not_examined") : finding("not_applicable", "archive.check.no_package")];
}

/** 1-14 信息包一致性: the package digest recomputed now equals the one taken when it arrived. */
export function checkPackageDigest({ batch }: CheckContext): readonly Finding[] {
  const pkg = batch.package;
  if (!pkg) return [finding("not_applicable", "archive.check.no_package")];
  if (pkg.sha256AtIngest === null || pkg.sha256Now === null) return [finding("not_performed", "archive.check.package_digest_unavailable")];
  return [pkg.sha256AtIngest === pkg.sha256Now ? finding("pass", "archive.check.package_digest_ok") : finding("fail", "archive.check.package_digest_mismatch")];
}
