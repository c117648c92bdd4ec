import type { z } from "zod";
import { addDecimals, compareDecimals, formatDecimal, isZeroDecimal } from "@/lib/decimal";
import type { ErpErrorCode, ErpProblem } from "@/lib/erp/codes";
import { CanonicalVoucherSchema, type CanonicalVoucher } from "@/lib/erp/model";

export type VoucherProblem = Omit<ErpProblem, "rowNo">;

const FIELD_CODES: Record<string, ErpErrorCode> = {
  fiscalYear: "erp.fiscal_year_invalid",
  period: "erp.period_invalid",
  voucherNo: "erp.voucher_no_invalid",
  attachmentCount: "erp.attachment_count_invalid",
  date: "erp.date_invalid",
  currency: "erp.currency_invalid",
  invoiceNumbers: "erp.invoice_number_invalid",
  debit: "erp.amount_invalid",
  credit: "erp.amount_invalid",
  foreignAmount: "erp.amount_invalid",
  exchangeRate: "erp.field_invalid",
};

function at(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

// A NUL (refused as erp.text_nul) is shown as ␀: PostgreSQL could not store the message otherwise.
const visible = (text: string) => text.replaceAll("\u0000", "␀");

function show(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = visible(typeof value === "string" ? value : JSON.stringify(value));
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** Names the voucher in every message the way a clerk looks it up: 记-12 (2024-03). */
function voucherLabel(input: unknown): Record<string, string | number> {
  return {
    word: show(at(input, ["voucherWord"])),
    no: show(at(input, ["voucherNo"])),
    year: show(at(input, ["fiscalYear"])),
    period: show(at(input, ["period"])),
  };
}

/** The code a refinement of lib/erp/model names, also under a record's key. */
function ownCode(issue: z.core.$ZodIssue): ErpErrorCode | undefined {
  if (issue.code === "custom") return issue.params?.erpCode as ErpErrorCode | undefined;
  if (issue.code === "invalid_key" || issue.code === "invalid_element") return issue.issues.map(ownCode).find(Boolean);
  return undefined;
}

/** A zod issue as a problem the clerk can act on: the field, the value sent, a specific code. */
export function issueToProblem(input: unknown, issue: z.core.$ZodIssue): VoucherProblem {
  const path = issue.path;
  const value = at(input, path);
  const field = visible(path.map(String).join("."));
  const label = voucherLabel(input);
  if (path.length === 0) return { field: "", value: show(input), code: "erp.voucher_not_object", params: label };
  if (field === "lines" && issue.code === "too_small") return { field, value: "", code: "erp.no_lines", params: label };
  const code: ErpErrorCode =
    ownCode(issue) ??
    (value === undefined && issue.code === "invalid_type"
      ? "erp.field_required"
      : (FIELD_CODES[String(path[path.length - 1])] ?? FIELD_CODES[String(path[0])] ?? "erp.field_invalid"));
  return { field, value: show(value), code, params: { ...label, column: field, value: show(value) } };
}

/**
 * Voucher-level rules shared by file imports and the JSON push API: structure, 借贷相等
 * (会计基础工作规范 Art. 51 and the double-entry rule), one side per line, and the date inside the
 * voucher's fiscal year and period (fiscal year = calendar year, 会计法 Art. 11).
 */
export function validateVoucher(input: unknown): { voucher: CanonicalVoucher; problems: [] } | { voucher: null; problems: VoucherProblem[] } {
  const parsed = CanonicalVoucherSchema.safeParse(input);
  if (!parsed.success) return { voucher: null, problems: parsed.error.issues.map((issue) => issueToProblem(input, issue)) };
  const problems = businessRules(parsed.data);
  return problems.length > 0 ? { voucher: null, problems } : { voucher: parsed.data, problems: [] };
}

function businessRules(v: CanonicalVoucher): VoucherProblem[] {
  const problems: VoucherProblem[] = [];
  const label = voucherLabel(v);
  v.lines.forEach((line, i) => {
    const debitZero = isZeroDecimal(line.debit);
    const creditZero = isZeroDecimal(line.credit);
    if (debitZero === creditZero) {
      problems.push({
        field: `lines.${i}`,
        value: `${line.debit}/${line.credit}`,
        code: debitZero ? "erp.line_no_amount" : "erp.line_both_sides",
        params: { ...label, seq: line.seq, debit: formatDecimal(line.debit, 2, { grouping: true }), credit: formatDecimal(line.credit, 2, { grouping: true }) },
      });
    }
  });
  const debitTotal = addDecimals(...v.lines.map((l) => l.debit));
  const creditTotal = addDecimals(...v.lines.map((l) => l.credit));
  if (compareDecimals(debitTotal, creditTotal) !== 0) {
    problems.push({
      field: "lines",
      value: `${debitTotal}/${creditTotal}`,
      code: "erp.unbalanced",
      params: {
        ...label,
        debitTotal: formatDecimal(debitTotal, 2, { grouping: true }),
        creditTotal: formatDecimal(creditTotal, 2, { grouping: true }),
      },
    });
  }
  const [year, month] = v.date.split("-").map(Number);
  if (year !== v.fiscalYear || month !== v.period) {
    problems.push({ field: "date", value: v.date, code: "erp.date_outside_period", params: { ...label, date: v.date } });
  }
  return problems;
}
