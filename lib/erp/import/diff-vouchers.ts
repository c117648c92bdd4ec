import { canonicalJson } from "@/lib/canonical-json";
import { compareDecimals } from "@/lib/decimal";
import type { CanonicalVoucher } from "@/lib/erp/model";

export interface VoucherDiff {
  header?: Record<string, { before: unknown; after: unknown }>;
  lines?: { before: number; after: number; changedSeqs: number[] };
}

const HEADER_FIELDS = [
  ["voucher_date", "date"],
  ["summary", "summary"],
  ["preparer", "preparer"],
  ["reviewer", "reviewer"],
  ["poster", "poster"],
  ["cashier", "cashier"],
  ["attachment_count", "attachmentCount"],
  ["currency", "currency"],
  ["external_id", "externalId"],
] as const;

const LINE_FIELDS = [
  ["summary", "summary"],
  ["account_code", "accountCode"],
  ["account_name", "accountName"],
  ["currency", "currency"],
] as const;
const LINE_AMOUNTS = [
  ["debit", "debit"],
  ["credit", "credit"],
  ["exchange_rate", "exchangeRate"],
  ["foreign_amount", "foreignAmount"],
  ["quantity", "quantity"],
  ["unit_price", "unitPrice"],
] as const;

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
const sameAmount = (a: unknown, b: unknown) =>
  a === null || a === undefined || b === null || b === undefined ? same(a, b) : compareDecimals(String(a), String(b)) === 0;

/**
 * What an update changes in a stored voucher (rows as read from vouchers and voucher_lines), for the
 * audit entry the issue asks for: header fields with old and new value, and which lines differ.
 */
export function diffVouchers(stored: Record<string, unknown>, storedLines: Record<string, unknown>[], next: CanonicalVoucher): VoucherDiff {
  const diff: VoucherDiff = {};
  const header: NonNullable<VoucherDiff["header"]> = {};
  for (const [column, field] of HEADER_FIELDS) {
    const before = stored[column] ?? null;
    const after = next[field] ?? null;
    if (!same(before, after)) header[field] = { before, after };
  }
  if (Object.keys(header).length > 0) diff.header = header;
  const changedSeqs: number[] = [];
  const count = Math.max(storedLines.length, next.lines.length);
  for (let i = 0; i < count; i += 1) {
    const old = storedLines[i];
    const line = next.lines[i];
    const changed =
      !old ||
      !line ||
      LINE_FIELDS.some(([c, f]) => !same(old[c], line[f])) ||
      LINE_AMOUNTS.some(([c, f]) => !sameAmount(old[c], line[f])) ||
      canonicalJson(old.dimensions ?? {}) !== canonicalJson(line.dimensions);
    if (changed) changedSeqs.push(i + 1);
  }
  if (changedSeqs.length > 0) diff.lines = { before: storedLines.length, after: next.lines.length, changedSeqs };
  return diff;
}
