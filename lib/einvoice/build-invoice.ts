import { addDecimals, compareDecimals, negateDecimal, parseDecimal } from "@/lib/decimal";
import { isIsoDate } from "@/lib/erp/dates";
import { fail, ok, type Result } from "@/lib/errors";
import type { EInvoice, InvoiceItem, InvoiceKind, InvoiceSignature } from "./types";

/** Field text as read from one source, before normalisation. */
export interface RawInvoice {
  number?: string;
  code?: string;
  kind: InvoiceKind;
  issueDate?: string;
  sellerName?: string;
  sellerTaxId?: string;
  buyerName?: string;
  buyerTaxId?: string;
  amount?: string;
  tax?: string;
  total?: string;
  items: Partial<Record<keyof InvoiceItem, string>>[];
  red?: { originalNumber?: string };
  signature?: InvoiceSignature;
  source: EInvoice["source"];
}

const blank = (text: string | undefined): text is undefined => text === undefined || text.trim() === "";

/** "2024-01-24", "2024-01-24 16:23:48", "2020年10月10日", "20201010" → YYYY-MM-DD. */
export function normaliseInvoiceDate(text: string): string | undefined {
  const m = /^\s*(\d{4})[-/年.]?(\d{1,2})[-/月.]?(\d{1,2})/.exec(text);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]?.padStart(2, "0")}-${m[3]?.padStart(2, "0")}`;
  return isIsoDate(date) ? date : undefined;
}

/**
 * Tax bureau and OFD signing times carry no zone; they are Beijing time (UTC+8), the zone every
 * Chinese invoicing platform stamps. Returned as UTC ISO 8601.
 */
export function beijingTimeToUtc(text: string | undefined): string | undefined {
  const m = /^\s*(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})/.exec(text ?? "");
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const utc = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, (h ?? 0) - 8, mi ?? 0, s ?? 0));
  return Number.isNaN(utc.getTime()) ? undefined : utc.toISOString();
}

/** Amounts printed on OFD pages carry a currency sign ("¥4197.17"). */
function decimalText(text: string, maxScale: number): Result<string> {
  return parseDecimal(text.replace(/[¥￥\s]/g, ""), { maxScale });
}

function percentToFraction(percent: string): string {
  const negative = percent.startsWith("-");
  const [int = "0", frac = ""] = (negative ? percent.slice(1) : percent).split(".");
  const padded = int.padStart(3, "0");
  const shifted = `${negative ? "-" : ""}${padded.slice(0, -2)}.${padded.slice(-2)}${frac}`;
  const parsed = parseDecimal(shifted, { maxScale: 20 });
  return parsed.ok ? parsed.value : percent;
}

/** "0.06", "6%" → "0.06"; non-numeric rates (免税, 不征税) stay as printed. */
export function normaliseTaxRate(text: string): string {
  const trimmed = text.trim();
  const percent = /^(.*)%$/.exec(trimmed);
  const parsed = parseDecimal(percent ? (percent[1] ?? "") : trimmed, { maxScale: 20 });
  if (!parsed.ok) return trimmed;
  return percent ? percentToFraction(parsed.value) : parsed.value;
}

function item(raw: Partial<Record<keyof InvoiceItem, string>>, index: number): Result<InvoiceItem> {
  const values: Partial<Record<keyof InvoiceItem, string>> = {};
  for (const [field, scale] of [["quantity", 20], ["unitPrice", 20], ["amount", 2], ["tax", 2]] as const) {
    const text = raw[field];
    if (blank(text)) {
      values[field] = "";
      continue;
    }
    const parsed = decimalText(text, scale);
    if (!parsed.ok) return fail("einvoice.invalid_amount", { field: `items.${index}.${field}`, value: text });
    values[field] = parsed.value;
  }
  return ok({
    name: raw.name?.trim() ?? "",
    spec: raw.spec?.trim() ?? "",
    unit: raw.unit?.trim() ?? "",
    quantity: values.quantity ?? "",
    unitPrice: values.unitPrice ?? "",
    amount: values.amount ?? "",
    taxRate: blank(raw.taxRate) ? "" : normaliseTaxRate(raw.taxRate),
    tax: values.tax ?? "",
  });
}

/** Fills the one missing figure of 金额 + 税额 = 价税合计, then checks that the three agree exactly. */
function totals(raw: RawInvoice): Result<{ amount: string; tax: string; total: string }> {
  const parsed: { amount?: string; tax?: string; total?: string } = {};
  for (const field of ["amount", "tax", "total"] as const) {
    const text = raw[field];
    if (blank(text)) continue;
    const value = decimalText(text, 2);
    if (!value.ok) return fail("einvoice.invalid_amount", { field, value: text });
    parsed[field] = value.value;
  }
  const { amount, tax, total } = parsed;
  if (amount !== undefined && tax !== undefined) {
    const sum = addDecimals(amount, tax);
    if (total !== undefined && compareDecimals(sum, total) !== 0) return fail("einvoice.totals_mismatch", { amount, tax, total });
    return ok({ amount, tax, total: total ?? sum });
  }
  if (amount !== undefined && total !== undefined) return ok({ amount, total, tax: addDecimals(total, negateDecimal(amount)) });
  if (tax !== undefined && total !== undefined) return ok({ tax, total, amount: addDecimals(total, negateDecimal(tax)) });
  return fail("einvoice.missing_field", { field: amount === undefined ? "amount" : "tax" });
}

/** Normalises and checks what a parser read, whatever the source format. */
export function buildInvoice(raw: RawInvoice): Result<EInvoice> {
  for (const field of ["number", "issueDate", "sellerName", "sellerTaxId", "buyerName"] as const) {
    if (blank(raw[field])) return fail("einvoice.missing_field", { field });
  }
  const issueDate = normaliseInvoiceDate(raw.issueDate ?? "");
  if (!issueDate) return fail("einvoice.invalid_date", { value: raw.issueDate ?? "" });
  const sums = totals(raw);
  if (!sums.ok) return sums;
  const items: InvoiceItem[] = [];
  for (const [index, rawItem] of raw.items.entries()) {
    const parsed = item(rawItem, index);
    if (!parsed.ok) return parsed;
    items.push(parsed.value);
  }
  if (raw.red && blank(raw.red.originalNumber)) return fail("einvoice.red_without_original", { number: raw.number?.trim() ?? "" });
  return ok({
    number: raw.number?.trim() ?? "",
    ...(blank(raw.code) ? {} : { code: raw.code.trim() }),
    kind: raw.kind,
    issueDate,
    sellerName: raw.sellerName?.trim() ?? "",
    sellerTaxId: raw.sellerTaxId?.trim() ?? "",
    buyerName: raw.buyerName?.trim() ?? "",
    ...(blank(raw.buyerTaxId) ? {} : { buyerTaxId: raw.buyerTaxId.trim() }),
    ...sums.value,
    currency: "CNY",
    items,
    ...(raw.red?.originalNumber ? { redInvoice: { originalNumber: raw.red.originalNumber.trim() } } : {}),
    ...(raw.signature ? { signature: raw.signature } : {}),
    source: raw.source,
  });
}
