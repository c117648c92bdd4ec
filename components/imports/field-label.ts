/**
 * The message key naming a problem's field, when the field is one of the canonical voucher's own
 * ("date", "lines", "lines.2" from the balance and line rules) rather than a column header the file
 * itself used (shown as the file spells it, so the clerk finds the column). Null: show it as it is.
 */
export function fieldLabelKey(field: string | null | undefined): string | null {
  if (!field) return null;
  if (/^lines\.\d+$/.test(field)) return "erp.fields.lines";
  return /^[a-zA-Z]+$/.test(field) ? `erp.fields.${field}` : null;
}
