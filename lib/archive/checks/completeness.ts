import { isRetention, keepsAtLeast, resolveRetention } from "@/lib/archive/retention/resolve-retention";
import { normaliseVoucherNo } from "./authenticity";
import { finding, list } from "./finding";
import type { CheckOptions } from "./options";
import type { CheckContext, Finding, RecordCheckContext } from "./types";

/** 2-1 总件数: the batch holds as many items as its register declares. */
export function checkItemCount({ batch }: CheckContext): readonly Finding[] {
  const declared = batch.declared?.itemCount;
  if (declared === undefined) return [finding("not_performed", "archive.check.no_declared_totals")];
  const actual = batch.records.length;
  return [declared === actual ? finding("pass", "archive.check.count_matches", { count: actual }) : finding("fail", "archive.check.count_mismatch", { declared, actual })];
}

/** 2-2 总字节数: the batch's files add up to the bytes its register declares. */
export function checkByteCount({ batch }: CheckContext): readonly Finding[] {
  const declared = batch.declared?.totalBytes;
  if (declared === undefined) return [finding("not_performed", "archive.check.no_declared_totals")];
  const actual = batch.records.reduce((sum, r) => sum + r.files.reduce((s, f) => s + f.size, 0), 0);
  return [declared === actual ? finding("pass", "archive.check.bytes_match", { bytes: actual }) : finding("fail", "archive.check.bytes_mismatch", { declared, actual })];
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

/** 2-3 元数据项完整性: every element of the fonds' scheme is present, even if empty. */
export function checkElementsPresent({ record }: RecordCheckContext, options: CheckOptions): Finding {
  const metadata = record.metadata;
  if (!metadata) return finding("not_performed", "archive.check.metadata_unreadable");
  const missing = options.metadataElements[record.category].filter((name) => !Object.hasOwn(metadata, name));
  return missing.length ? finding("fail", "archive.check.elements_missing", { fields: list(missing), count: missing.length }) : finding("pass", "archive.check.elements_present");
}

/** 2-4 必填著录项: required elements carry a value. */
export function checkRequiredValues({ record }: RecordCheckContext, options: CheckOptions): Finding {
  const metadata = record.metadata;
  if (!metadata) return finding("not_performed", "archive.check.metadata_unreadable");
  const empty = options.requiredMetadata[record.category].filter((name) => isEmpty(metadata[name]));
  return empty.length ? finding("fail", "archive.check.required_empty", { fields: list(empty), count: empty.length }) : finding("pass", "archive.check.required_present");
}

/**
 * 2-5 过程信息: 79号令 Art. 8(2) requires 经办/审核 steps, so a voucher without preparer or reviewer fails;
 * 会计基础工作规范 Art. 51 also names the poster, and the cashier on 收/付 vouchers, whose absence is a warning.
 */
export function checkProcessInfo({ record }: RecordCheckContext): Finding {
  const v = record.voucher;
  if (!v) return finding("not_applicable", "archive.check.not_a_voucher");
  const required = (["preparer", "reviewer"] as const).filter((role) => isEmpty(v[role]));
  if (required.length) return finding("fail", "archive.check.process_incomplete", { roles: list(required) });
  const expected = [...(isEmpty(v.poster) ? ["poster"] : []), ...(/[收付]/.test(v.voucherWord) && isEmpty(v.cashier) ? ["cashier"] : [])];
  return expected.length ? finding("warning", "archive.check.process_partial", { roles: list(expected) }) : finding("pass", "archive.check.process_complete");
}

/** "1, 3, 7–9" from sorted distinct numbers. */
export function formatRanges(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    const start = numbers[i] ?? 0;
    let end = start;
    while (numbers[i + 1] === end + 1) end = numbers[++i] ?? end;
    parts.push(end === start ? String(start) : end === start + 1 ? `${start}, ${end}` : `${start}–${end}`);
  }
  return parts.join(", ");
}

/**
 * 2-6 连续性: 会计基础工作规范 Art. 51 numbers vouchers per month and word consecutively from 1; one result
 * per month and word names the missing and repeated numbers.
 */
export function checkVoucherNumbering({ batch }: CheckContext): readonly Finding[] {
  const sequences = new Map<string, { year: number; month: number; word: string; numbers: number[]; unreadable: string[] }>();
  for (const record of batch.records) {
    if (!record.voucher || record.period === null) continue;
    const key = `${record.fiscalYear}/${record.period}/${record.voucher.voucherWord}`;
    const sequence = sequences.get(key) ?? { year: record.fiscalYear, month: record.period, word: record.voucher.voucherWord, numbers: [], unreadable: [] };
    const no = normaliseVoucherNo(record.voucher.voucherNo.trim());
    // A number that is not a whole number (NaN) would make every comparison false and hide the gaps.
    if (/^\d{1,15}$/.test(no) && Number(no) > 0) sequence.numbers.push(Number(no));
    else sequence.unreadable.push(record.voucher.voucherNo);
    sequences.set(key, sequence);
  }
  if (sequences.size === 0) return [finding("not_applicable", "archive.check.no_vouchers")];
  for (const known of batch.knownVouchers ?? []) {
    const no = normaliseVoucherNo(known.voucherNo.trim());
    const sequence = sequences.get(`${known.fiscalYear}/${known.period}/${known.voucherWord}`);
    if (sequence && /^\d{1,15}$/.test(no) && Number(no) > 0) sequence.numbers.push(Number(no));
  }
  const ordered = [...sequences.values()].sort((a, b) => a.year - b.year || a.month - b.month || a.word.localeCompare(b.word));
  return ordered.map(({ year, month, word, numbers, unreadable }) => {
    const where = { year, month, word };
    if (unreadable.length) return finding("fail", "archive.check.numbers_unreadable", { ...where, numbers: list([...new Set(unreadable)]) });
    const counts = new Map<number, number>();
    for (const n of numbers) counts.set(n, (counts.get(n) ?? 0) + 1);
    const distinct = [...counts.keys()].sort((a, b) => a - b);
    const last = distinct.at(-1) ?? 0;
    // Missing numbers as ranges between the numbers present: a stray 20230001 must not enumerate millions.
    const gaps: string[] = [];
    let expected = 1;
    for (const n of distinct) {
      if (n > expected) gaps.push(n - 1 === expected ? String(expected) : n - 1 === expected + 1 ? `${expected}, ${n - 1}` : `${expected}–${n - 1}`);
      expected = n + 1;
    }
    const repeats = [...counts].filter(([, c]) => c > 1).map(([n]) => n).sort((a, b) => a - b);
    if (gaps.length && repeats.length) return finding("fail", "archive.check.numbers_gaps_and_repeats", { ...where, gaps: gaps.join(", "), repeats: formatRanges(repeats) });
    if (gaps.length) return finding("fail", "archive.check.numbers_gaps", { ...where, gaps: gaps.join(", ") });
    if (repeats.length) return finding("fail", "archive.check.numbers_repeats", { ...where, repeats: formatRanges(repeats) });
    return finding("pass", "archive.check.numbers_consecutive", { ...where, last });
  });
}

/** 2-8 附件完整性: the voucher's declared attachment count (附单据数) against the linked source documents. */
export function checkAttachments({ record }: RecordCheckContext, options: CheckOptions): Finding {
  const v = record.voucher;
  if (!v) return finding("not_applicable", "archive.check.not_a_voucher");
  if (v.attachmentCount === undefined) return finding("not_performed", "archive.check.attachment_count_unknown");
  const counts = { declared: v.attachmentCount, linked: record.linkedSourceDocuments };
  if (counts.linked < counts.declared) return finding(options.attachmentShortfallOutcome, "archive.check.attachments_missing", counts);
  if (counts.linked > counts.declared) return finding("warning", "archive.check.attachments_extra", counts);
  return finding("pass", "archive.check.attachments_match", counts);
}

/**
 * 2-9 归档范围: the material is in the retention schedule and kept at least as long as it requires. Unlisted
 * material is kept like the most similar item (79号令 Art. 14), which a person should confirm: a warning.
 */
export function checkScope({ record, fonds }: RecordCheckContext): Finding {
  const resolved = resolveRetention(fonds.schedule, fonds.overrides, record.materialType, record.category);
  if (!resolved.ok) return finding("fail", "archive.check.not_in_schedule", { materialType: record.materialType });
  const { retention: minimum, item, source } = resolved.value;
  if (!isRetention(record.retention) || !keepsAtLeast(record.retention, minimum)) {
    return finding("fail", "archive.check.retention_below_schedule", { materialType: record.materialType, retention: record.retention, minimum });
  }
  if (source === "fallback") return finding("warning", "archive.check.mapped_to_similar", { materialType: record.materialType, similar: item.materialType });
  return finding("pass", "archive.check.in_schedule", { materialType: record.materialType, retention: record.retention });
}

/** 2-11 文件数量: as many files as the record's metadata declares. */
export function checkFileCount({ record }: RecordCheckContext): Finding {
  if (record.declaredFileCount === null) return finding("not_performed", "archive.check.no_declared_file_count");
  const counts = { declared: record.declaredFileCount, actual: record.files.length };
  return counts.declared === counts.actual ? finding("pass", "archive.check.file_count_matches", counts) : finding("fail", "archive.check.file_count_mismatch", counts);
}
