/**
 * Every code the ERP layer returns. Each has a message in lib/i18n/messages/{zh-CN,en}/erp.json,
 * which a test enforces, so a clerk never sees a bare code.
 */
export const ERP_ERROR_CODES = [
  "erp.amount_invalid",
  "erp.amount_too_precise",
  "erp.attachment_count_invalid",
  "erp.currency_invalid",
  "erp.date_invalid",
  "erp.date_missing",
  "erp.date_outside_period",
  "erp.field_invalid",
  "erp.field_required",
  "erp.file_malformed",
  "erp.file_too_large",
  "erp.fiscal_year_invalid",
  "erp.format_unknown",
  "erp.header_conflict",
  "erp.header_not_found",
  "erp.indicator_invalid",
  "erp.invoice_number_invalid",
  "erp.json_invalid",
  "erp.line_both_sides",
  "erp.line_no_amount",
  "erp.mapping_invalid",
  "erp.mapping_missing",
  "erp.missing_column",
  "erp.no_lines",
  "erp.period_invalid",
  "erp.sheet_not_found",
  "erp.text_nul",
  "erp.unbalanced",
  "erp.voucher_no_invalid",
  "erp.voucher_not_object",
  "erp.voucher_repeated",
  "erp.xml_doctype_forbidden",
  "erp.xml_invalid",
] as const;

export type ErpErrorCode = (typeof ERP_ERROR_CODES)[number];

/** A problem a finance clerk must fix in the ERP: where it is, what the value was, and why it is wrong. */
export interface ErpProblem {
  /** Physical row (1-based, as Excel shows it) or, for JSON/XML, the 1-based entry number; 0 for the whole file. */
  rowNo: number;
  /** Column header as it appears in the file, or a field path ("lines.2.debit"). */
  field: string;
  value: string;
  code: ErpErrorCode;
  params: Record<string, string | number>;
}
