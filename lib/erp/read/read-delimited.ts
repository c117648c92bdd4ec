import { Readable } from "node:stream";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { chunksOf, peekHead, type ByteSource } from "@/lib/erp/read/byte-source";
import { type StreamDecoder, type TextEncoding, detectEncoding, streamDecoder } from "@/lib/erp/read/detect-encoding";
import type { ReadItem } from "@/lib/erp/read/source-row";

export type Delimiter = "," | "\t" | ";";

export interface ReadDelimitedOptions {
  encoding?: TextEncoding;
  delimiter?: Delimiter;
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Picks the delimiter that splits the most lines into the same number of cells; title rows above
 * the header (common in U8 and K/3 exports) have none and simply do not vote.
 */
export function sniffDelimiter(text: string): Delimiter {
  const lines = text.split(/\r?\n/).slice(0, 30).filter((l) => l.trim() !== "");
  let best: { delimiter: Delimiter; score: number } = { delimiter: ",", score: 0 };
  for (const delimiter of [",", "\t", ";"] as const) {
    const counts = lines.map((l) => l.split(delimiter).length - 1).filter((c) => c > 0);
    const tally = new Map<number, number>();
    for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
    for (const [cells, lineCount] of tally) {
      const score = lineCount * 1000 + cells;
      if (score > best.score) best = { delimiter, score };
    }
  }
  return best.delimiter;
}

/** K/3 and U8 write ="0012" so Excel keeps a voucher number's or account code's leading zeros: the text is 0012. */
function excelText(cell: string): string {
  return cell.length >= 3 && cell.startsWith('="') && cell.endsWith('"') ? cell.slice(2, -1).replaceAll('""', '"') : cell;
}

async function* decode(source: ByteSource, decoder: StreamDecoder): AsyncGenerator<string> {
  for await (const chunk of chunksOf(source)) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Streams CSV/TSV rows with bounded memory. Row numbers count records the way Excel shows rows,
 * so a quoted cell spanning lines is still one row, and blank rows are counted but not yielded.
 */
export async function* readDelimited(source: ByteSource, options: ReadDelimitedOptions = {}): AsyncGenerator<ReadItem> {
  const peeked = await peekHead(source, SNIFF_BYTES);
  const decoder = streamDecoder(peeked.head, options.encoding);
  const delimiter = options.delimiter ?? sniffDelimiter(iconv.decode(Buffer.from(peeked.head), options.encoding ?? detectEncoding(peeked.head).encoding));
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  const input = Readable.from(decode(peeked.source, decoder));
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let rowNo = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNo += 1;
      if (record.some((cell) => cell.trim() !== "")) yield { rowNo, cells: record.map(excelText) };
    }
  } catch (error) {
    // csv-parse counts the records it completed before the fault; its message is prose for
    // developers, so the clerk gets the row to look at instead.
    const records = (error as { records?: unknown }).records;
    const at = (typeof records === "number" ? Math.max(records, rowNo) : rowNo) + 1;
    yield { rowNo: at, failure: "erp.file_malformed", params: { row: at } };
  }
}
