/**
 * The one CSV writer for files people open in Excel (ADR 0015). Every CSV Acta hands out goes through
 * `excelCsvLines`; `quoteCsvField` alone is for files that must look as another program writes them.
 */

export type CsvValue = string | number | null | undefined;

/** Excel reads a CSV as UTF-8 only when it starts with a BOM; without one, Chinese Windows reads GBK. */
export const UTF8_BOM = "\uFEFF";

/** RFC 4180: a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled. */
export const quoteCsvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

// Excel runs a cell starting with = + - @ as a formula (CSV injection), also after spaces it skips, and a
// leading tab or line break can hide one. A plain signed number ("-100.00") is no formula and stays as it is.
const FORMULA_START = /^(?:[\t\r\n]|\s*[=+\-@])/;
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
// Excel turns digits into a number: past 11 digits it shows 1.23457E+19, past 15 it drops digits for good,
// and a leading zero is lost. Voucher, invoice, tax and bank account numbers are all such digit strings.
const DIGITS_EXCEL_WOULD_CHANGE = /^(?:\d{12,}|0\d+)$/;

/**
 * One cell for Excel: a formula is defused with a leading apostrophe (shown, but never run), and a digit
 * string Excel would change is kept as text by a leading tab: invisible in Excel, and whitespace that a
 * machine reader's trim or number parser drops, leaving the digits untouched (ADR 0015 weighs ="…").
 */
export function excelCsvCell(value: CsvValue): string {
  const text = value === null || value === undefined ? "" : String(value);
  if (DIGITS_EXCEL_WOULD_CHANGE.test(text)) return quoteCsvField(`\t${text}`);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) return quoteCsvField(`'${text}`);
  return quoteCsvField(text);
}

/** One record, CRLF-terminated as RFC 4180 and Excel write it. */
export const excelCsvRow = (values: readonly CsvValue[]): string => `${values.map(excelCsvCell).join(",")}\r\n`;

/** A whole CSV for Excel as lines to stream: the BOM and header first, then every row as it comes. */
export async function* excelCsvLines(header: readonly CsvValue[], rows: AsyncIterable<readonly CsvValue[]> | Iterable<readonly CsvValue[]>): AsyncGenerator<string> {
  yield UTF8_BOM + excelCsvRow(header);
  for await (const row of rows) yield excelCsvRow(row);
}
