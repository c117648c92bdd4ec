import { compareDecimals, formatDecimal, negateDecimal, parseDecimal } from "@/lib/decimal";
import type { ErpErrorCode } from "@/lib/erp/codes";
import { parseDateText, type DateFormat } from "@/lib/erp/dates";
import { STANDARD_VOUCHER_WORDS, normaliseVoucherWord, type FlatCanonicalLine } from "@/lib/erp/model";
import type { ParseEvent } from "@/lib/erp/formats/types";

/** Logical fields a source column (or JSON/XML element) can feed. */
export const FIELDS = [
  "fiscalYear",
  "period",
  "date",
  "voucherWord",
  "voucherNo",
  "attachmentCount",
  "preparer",
  "reviewer",
  "poster",
  "cashier",
  "currency",
  "externalId",
  "voucherSummary",
  "invoiceNumber",
  "documentRef",
  "seq",
  "summary",
  "accountCode",
  "accountName",
  "debit",
  "credit",
  "amount",
  "indicator",
  "lineCurrency",
  "exchangeRate",
  "foreignAmount",
  "quantity",
  "unitPrice",
  "dimensionText",
] as const;
export type Field = (typeof FIELDS)[number];
export type FieldValues = Partial<Record<Field, string>>;

export type DebitCredit =
  | { mode: "two-columns" }
  | { mode: "signed-amount" }
  | { mode: "indicator"; debitValues: readonly string[]; creditValues?: readonly string[] };

export interface BuildOptions {
  sourceSystem: string;
  dateFormats: readonly DateFormat[];
  /** "." for "1,234.56", "," for "1.234,56". */
  decimalSeparator: "." | ",";
  /**
   * Read the separator from each value where it tells (SAP: the user's decimal notation, not the logon
   * language, decides how a list prints amounts); decimalSeparator stays for values that do not tell.
   */
  separatorFromValue?: boolean;
  debitCredit: DebitCredit;
  defaultVoucherWord: string;
}

export interface RowInput {
  rowNo: number;
  values: FieldValues;
  dimensions: Record<string, string>;
  /** The column header (or element path) a field came from, so problems point at what the clerk sees. */
  columnOf: (field: Field) => string;
}

const DIMENSION_KEYS: Record<string, string> = {
  部门: "department",
  职员: "employee",
  个人: "employee",
  员工: "employee",
  人员: "employee",
  客户: "customer",
  供应商: "supplier",
  项目: "project",
  成本中心: "costCenter",
};

/**
 * Chinese auxiliary-accounting class names (辅助核算类别) mapped to the glossary's dimension names. Yonyou
 * names a class by its master file ("部门档案", "客户档案"), which is the same dimension.
 */
export function dimensionKey(name: string): string {
  const trimmed = name.trim();
  return DIMENSION_KEYS[trimmed] ?? DIMENSION_KEYS[trimmed.replace(/档案$/, "")] ?? trimmed;
}

/** "部门:财务部;客户:华南贸易" (K/3 核算项目, 星空 核算维度 text) → { department, customer }. */
export function parseDimensionText(text: string): Record<string, string> {
  const dims: Record<string, string> = {};
  for (const part of text.split(/[;；|]/)) {
    const m = /^\s*([^:：]+?)\s*(?:[:：]|---)\s*(.+?)\s*$/.exec(part);
    if (m?.[1] && m[2]) dims[dimensionKey(m[1])] = m[2];
    else if (part.trim()) dims.auxiliary = part.trim();
  }
  return dims;
}

const CURRENCY_NAMES: Record<string, string> = {
  RMB: "CNY",
  人民币: "CNY",
  本位币: "CNY",
  美元: "USD",
  美圆: "USD",
  港币: "HKD",
  港元: "HKD",
  香港元: "HKD",
  欧元: "EUR",
  日元: "JPY",
  日圆: "JPY",
  日本日圆: "JPY",
  日本日元: "JPY",
  新台币: "TWD",
  新台币元: "TWD",
  英镑: "GBP",
};

/** Kingdee and Yonyou write RMB and their preset currencies' Chinese names (云星空: 香港元, 日本日圆) where ISO 4217 has a code. */
export function normaliseCurrency(text: string): string | null {
  const t = text.trim();
  const mapped = CURRENCY_NAMES[t.toUpperCase()] ?? CURRENCY_NAMES[t] ?? t.toUpperCase();
  return /^[A-Z]{3}$/.test(mapped) ? mapped : null;
}

/** Words that say a number is an invoice's (发票号码, 票号, 数电票, Invoice No.). */
const INVOICE_WORD = /票|invoice|fapiao/i;

/**
 * 数电票 numbers (20 digits) and legacy 发票代码+发票号码 pairs cited in free text. A bare 20-digit number
 * counts only after a word naming an invoice: 建设银行 company accounts have 20 digits too, and a second
 * payment to the same account is no duplicate reimbursement.
 */
export function extractInvoiceNumbers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/发票代码[:：\s]*(\d{10}|\d{12})\D{0,12}?发票号码[:：\s]*(\d{8})(?!\d)/g)) found.push(`${m[1]}-${m[2]}`);
  for (const m of text.matchAll(/(?<!\d)\d{20}(?!\d)/g)) {
    if (!INVOICE_WORD.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
    if (!found.some((f) => f.replace("-", "") === m[0])) found.push(m[0]);
  }
  return found;
}

function citedInvoice(text: string): string | null {
  const t = text.trim();
  if (/^\d{20}$/.test(t)) return t;
  const legacy = /^(\d{10}|\d{12})[-\s/]?(\d{8})$/.exec(t);
  return legacy ? `${legacy[1]}-${legacy[2]}` : null;
}

/**
 * The decimal separator a value shows: the later of "." and "," when it has both ("1.234,56", "1,234.56"),
 * or its only separator when that is followed by one or two digits ("12,50-"). "1.234" could be either and
 * says nothing.
 */
function separatorShown(text: string): "." | "," | null {
  const dot = text.lastIndexOf(".");
  const comma = text.lastIndexOf(",");
  if (dot >= 0 && comma >= 0) return dot > comma ? "." : ",";
  const only = dot >= 0 ? "." : comma >= 0 ? "," : null;
  if (only === null || text.indexOf(only) !== text.lastIndexOf(only)) return null;
  return /[.,]\d{1,2}-?$/.test(text) ? only : null;
}

/** Lists in one cell are separated by punctuation or line breaks; spaces stay ("<code> <number>"). */
const splitList = (text: string) =>
  text
    .split(/[,，;；、\r\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const unique = (values: string[]) => [...new Set(values)];

/** A row being built: its trimmed values and the problems found so far. */
interface Row {
  rowNo: number;
  values: FieldValues;
  columnOf: (field: Field) => string;
  options: BuildOptions;
  problems: ParseEvent[];
}

// Module functions over a Row rather than closures inside buildLine, which runs for every line of every
// file: each closure cost an allocation per row (and, under tsx, a name definition).
const get = (row: Row, f: Field) => row.values[f] ?? "";

function problem(row: Row, field: Field, code: ErpErrorCode, extra: Record<string, string | number> = {}) {
  const value = get(row, field);
  const column = row.columnOf(field);
  row.problems.push({ type: "error", rowNo: row.rowNo, field: column, value, code, params: { row: row.rowNo, column, value, ...extra } });
}

function decimal(row: Row, field: Field, maxScale: number): string | undefined {
  const raw = get(row, field);
  if (raw === "") return undefined;
  // A CSV saved from Excel writes what the cell shows: a currency format's symbol, and the accounting
  // format's dash for zero.
  const text = raw.replace(/[¥￥$€£]/g, "").trim();
  if (/^[-－—–]$/.test(text)) return "0";
  const { options } = row;
  const decimalSeparator = (options.separatorFromValue ? separatorShown(text) : null) ?? options.decimalSeparator;
  const r = parseDecimal(text, { decimalSeparator, maxScale });
  if (r.ok) return r.value;
  problem(row, field, r.error.code === "decimal.too_precise" ? "erp.amount_too_precise" : "erp.amount_invalid", { maxScale });
  return undefined;
}

function currencyOf(row: Row, field: Field): string | undefined {
  const text = get(row, field);
  if (!text) return undefined;
  const c = normaliseCurrency(text);
  if (c === null) problem(row, field, "erp.currency_invalid");
  return c ?? undefined;
}

const optional = (row: Row, f: Field) => get(row, f) || undefined;

/**
 * Builds one flat canonical line from the values of a source row, collecting every problem of the
 * row rather than stopping at the first, so the clerk can fix a row in one pass.
 */
export function buildLine(input: RowInput, options: BuildOptions): ParseEvent[] {
  const { rowNo } = input;
  const values: FieldValues = {};
  for (const field in input.values) {
    const value = input.values[field as Field];
    if (value) values[field as Field] = value.trim();
  }
  const problems: ParseEvent[] = [];
  const row: Row = { rowNo, values, columnOf: input.columnOf, options, problems };

  const dateResult = parseDateText(get(row, "date"), options.dateFormats);
  const date = dateResult.ok ? dateResult.value : undefined;
  if (!dateResult.ok) problem(row, "date", dateResult.error.code === "erp.date_missing" ? "erp.date_missing" : "erp.date_invalid");

  let fiscalYear = date ? Number(date.slice(0, 4)) : undefined;
  if (get(row, "fiscalYear")) {
    const m = /^(\d{4})(?!\d)/.exec(get(row, "fiscalYear"));
    if (m) fiscalYear = Number(m[1]);
    else problem(row, "fiscalYear", "erp.fiscal_year_invalid");
  }
  // Fiscal year = calendar year and period = month (会计法 Art. 11), so a missing period is the date's month.
  let period = date ? Number(date.slice(5, 7)) : undefined;
  if (get(row, "period")) {
    const m = /(\d{1,2})\D*$/.exec(get(row, "period"));
    const p = m ? Number(m[1]) : NaN;
    if (p >= 1 && p <= 12) period = p;
    else {
      problem(row, "period", "erp.period_invalid");
      period = undefined;
    }
  }

  let voucherWord = normaliseVoucherWord(get(row, "voucherWord"));
  let voucherNo = get(row, "voucherNo");
  const combined = /^(.*?)[-－_\s]*(\d+)$/.exec(voucherNo);
  const prefix = combined?.[1] ? normaliseVoucherWord(combined[1]) : "";
  if (combined?.[2] && prefix && ((STANDARD_VOUCHER_WORDS as readonly string[]).includes(prefix) || prefix === voucherWord)) {
    // "记-12" in one cell: the word travels with the number.
    voucherWord ||= prefix;
    voucherNo = combined[2];
  }
  voucherWord ||= options.defaultVoucherWord;
  if (voucherNo === "") problem(row, "voucherNo", "erp.field_required");
  else if (!/^\d+$/.test(voucherNo) || !/[1-9]/.test(voucherNo)) problem(row, "voucherNo", "erp.voucher_no_invalid");

  let attachmentCount: number | undefined;
  if (get(row, "attachmentCount")) {
    const n = /^\d+$/.test(get(row, "attachmentCount")) ? Number(get(row, "attachmentCount")) : NaN;
    if (Number.isSafeInteger(n)) attachmentCount = n;
    else problem(row, "attachmentCount", "erp.attachment_count_invalid");
  }

  const currency = currencyOf(row, "currency") ?? "CNY";
  const lineCurrency = currencyOf(row, "lineCurrency");

  const accountCode = get(row, "accountCode");
  if (accountCode === "") problem(row, "accountCode", "erp.field_required");

  let debit = "0";
  let credit = "0";
  const dc = options.debitCredit;
  if (dc.mode === "two-columns") {
    debit = decimal(row, "debit", 2) ?? "0";
    credit = decimal(row, "credit", 2) ?? "0";
  } else {
    const amount = decimal(row, "amount", 2);
    if (get(row, "amount") === "") problem(row, "amount", "erp.field_required");
    if (amount !== undefined) {
      const abs = compareDecimals(amount, "0") < 0 ? negateDecimal(amount) : amount;
      if (dc.mode === "signed-amount") {
        if (compareDecimals(amount, "0") < 0) credit = abs;
        else debit = amount;
      } else {
        const indicator = get(row, "indicator").toUpperCase();
        const isDebit = dc.debitValues.some((v) => v.toUpperCase() === indicator);
        const isCredit = dc.creditValues ? dc.creditValues.some((v) => v.toUpperCase() === indicator) : !isDebit && indicator !== "";
        if (isDebit) debit = abs;
        else if (isCredit) credit = abs;
        else problem(row, "indicator", "erp.indicator_invalid");
      }
    }
  }

  const invoiceNumbers: string[] = [];
  for (const item of splitList(get(row, "invoiceNumber"))) {
    const cited = citedInvoice(item);
    if (cited) invoiceNumbers.push(cited);
    else problem(row, "invoiceNumber", "erp.invoice_number_invalid");
  }
  const citingText = `${get(row, "summary")} ${get(row, "voucherSummary")}`;
  if (/\d{8}/.test(citingText)) invoiceNumbers.push(...extractInvoiceNumbers(citingText));

  let seq = rowNo;
  if (get(row, "seq")) {
    const n = /^\d+$/.test(get(row, "seq")) ? Number(get(row, "seq")) : NaN;
    // K/3 numbers entries from 0; assembly renumbers every voucher 1..n anyway.
    if (n >= 0 && Number.isSafeInteger(n)) seq = n;
    else problem(row, "seq", "erp.field_invalid");
  }

  const exchangeRate = decimal(row, "exchangeRate", 6);
  const foreignAmount = decimal(row, "foreignAmount", 6);
  const quantity = decimal(row, "quantity", 6);
  const unitPrice = decimal(row, "unitPrice", 6);

  if (problems.length > 0 || date === undefined || fiscalYear === undefined || period === undefined) {
    // Name the voucher a bad row belongs to when it is known, so an importer refuses the whole voucher
    // instead of filing it one line short, and the clerk finds it by its number.
    if (fiscalYear !== undefined && period !== undefined && /^\d+$/.test(voucherNo) && /[1-9]/.test(voucherNo)) {
      for (const p of problems) if (p.type === "error") p.params = { ...p.params, word: voucherWord, no: voucherNo.replace(/^0+(?=\d)/, ""), year: fiscalYear, period };
    }
    return problems;
  }

  const line: FlatCanonicalLine = {
    header: {
      sourceSystem: options.sourceSystem,
      fiscalYear,
      period,
      voucherWord,
      voucherNo,
      date,
      summary: optional(row, "voucherSummary"),
      preparer: optional(row, "preparer"),
      reviewer: optional(row, "reviewer"),
      poster: optional(row, "poster"),
      cashier: optional(row, "cashier"),
      attachmentCount,
      currency,
      externalId: optional(row, "externalId"),
      invoiceNumbers: unique(invoiceNumbers),
      documentRefs: unique(splitList(get(row, "documentRef"))),
    },
    line: {
      seq,
      summary: get(row, "summary"),
      accountCode,
      accountName: optional(row, "accountName"),
      debit: formatDecimal(debit, 2),
      credit: formatDecimal(credit, 2),
      currency: lineCurrency,
      exchangeRate,
      foreignAmount,
      quantity,
      unitPrice,
      dimensions: get(row, "dimensionText") ? { ...parseDimensionText(get(row, "dimensionText")), ...input.dimensions } : input.dimensions,
    },
  };
  return [{ type: "line", rowNo, line: stripUndefined(line) }];
}

/** Optional fields are absent rather than undefined, so staged JSON and content hashes stay stable. */
function stripUndefined<T extends FlatCanonicalLine>(line: T): T {
  return { ...line, header: withoutUndefined(line.header), line: withoutUndefined(line.line) };
}

// A plain loop: this runs for every line of every file, and entries/fromEntries allocate per field.
function withoutUndefined<O extends object>(o: O): O {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as O;
}
