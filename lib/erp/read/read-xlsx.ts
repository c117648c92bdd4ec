import { ReadStream } from "node:fs";
import { unlink } from "node:fs/promises";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { chunksOf, peekHead, type ByteSource } from "@/lib/erp/read/byte-source";
import { cellText } from "@/lib/erp/read/cell-text";
import type { ReadItem } from "@/lib/erp/read/source-row";

export interface ReadXlsxOptions {
  /** Defaults to the first sheet. */
  sheetName?: string;
  /**
   * Byte arrays up to this size are loaded whole so merged cells can be filled from their master
   * cell. Larger files and streams go through exceljs' streaming reader, which keeps memory flat
   * but cannot fill merges: the sheet XML lists <mergeCell> after all rows and the streaming
   * reader ignores it. Presets whose exports merge voucher columns fill them down instead
   * (TabularSpec.fillDown), so only merges elsewhere are lost on the streaming path.
   */
  wholeFileLimit?: number;
}

const DEFAULT_WHOLE_FILE_LIMIT = 16 * 1024 * 1024;

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? "").trim() === "") end -= 1;
  return cells.slice(0, end);
}

function rowCells(row: ExcelJS.Row, columnCount: number): string[] {
  const cells: string[] = [];
  // getCell on a merged slave returns the master's value, which fills merged areas.
  for (let c = 1; c <= columnCount; c += 1) cells.push(cellText(row.getCell(c).value));
  return trimTrailingEmpty(cells);
}

async function* readWhole(bytes: Uint8Array, options: ReadXlsxOptions): AsyncGenerator<ReadItem> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    yield { rowNo: 0, failure: "erp.file_malformed", params: { row: 0 } };
    return;
  }
  const sheet = options.sheetName ? workbook.getWorksheet(options.sheetName) : workbook.worksheets[0];
  if (!sheet) {
    yield { rowNo: 0, failure: "erp.sheet_not_found", params: { sheet: options.sheetName ?? "" } };
    return;
  }
  const columnCount = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const cells = rowCells(sheet.getRow(r), columnCount);
    if (cells.length > 0) yield { rowNo: r, cells };
  }
}

async function* readStreaming(source: ByteSource, options: ReadXlsxOptions): AsyncGenerator<ReadItem> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunksOf(source)), {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles tell date-formatted serials apart from plain numbers.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let found = false;
  let sheet: unknown = null;
  let finished = false;
  try {
    // Every sheet is read to its end, the unwanted ones too. A sheet that precedes the shared strings in the
    // ZIP is parked in a temporary file, which exceljs deletes when the next sheet is asked for: a sheet
    // skipped unread lost its file before its stream had opened it (an uncaught ENOENT, seen in CI), and
    // leaving the loop after the wanted sheet left the file on disk until the process exits.
    for await (sheet of reader) {
      const worksheet = sheet as ExcelJS.stream.xlsx.WorksheetReader & { name?: string };
      const wanted: boolean = !found && (!options.sheetName || worksheet.name === options.sheetName);
      found ||= wanted;
      for await (const row of worksheet) {
        const cells = wanted ? rowCells(row, row.cellCount) : [];
        if (cells.length > 0) yield { rowNo: row.number, cells };
      }
    }
    finished = true;
  } catch {
    yield { rowNo: 0, failure: "erp.file_malformed", params: { row: 0 } };
    return;
  } finally {
    if (!finished) discardParked(sheet);
  }
  if (!found) yield { rowNo: 0, failure: "erp.sheet_not_found", params: { sheet: options.sheetName ?? "" } };
}

/**
 * A reader stopped early (a preview's first rows, a failure) leaves exceljs' temporary file of the sheet
 * it was in, which for a 60 MB workbook holds hundreds of MB of XML: the sheet's stream is that file, so
 * it is closed and deleted here. Sheets parked behind it stay until the process exits (exceljs keeps
 * them to itself); ERP exports hold one sheet.
 */
function discardParked(sheet: unknown): void {
  const file = (sheet as { iterator?: unknown } | null)?.iterator;
  if (!(file instanceof ReadStream)) return;
  file.destroy();
  unlink(file.path).catch(() => {});
}

/**
 * First (or named) sheet of an XLSX export as rows of cell text: dates as YYYY-MM-DD, numbers as
 * Excel shows them, amounts typed as text ("1,234.50") untouched for the decimal parser.
 */
export async function* readXlsx(source: ByteSource, options: ReadXlsxOptions = {}): AsyncGenerator<ReadItem> {
  const peeked = await peekHead(source, options.wholeFileLimit ?? DEFAULT_WHOLE_FILE_LIMIT);
  if (peeked.complete) yield* readWhole(peeked.head, options);
  else yield* readStreaming(peeked.source, options);
}
