import { isReadFailure, type ReadItem, type SourceRow } from "@/lib/erp/read/source-row";
import { normaliseHeader } from "@/lib/erp/read/normalise-header";

export interface LocatedHeader {
  /** The header row, or null when the file has no rows at all. */
  header: SourceRow | null;
  /** Rows after the header (title rows above it are dropped), then any read failure. */
  rows: AsyncIterable<ReadItem>;
}

const SCAN_ROWS = 20;

function knownCount(row: SourceRow, vocabulary: ReadonlySet<string>): number {
  return row.cells.filter((c) => vocabulary.has(normaliseHeader(c))).length;
}

function nonEmpty(row: SourceRow): number {
  return row.cells.filter((c) => c.trim() !== "").length;
}

/**
 * A second header row under the first ("金额" over "借方" and "贷方"): at least two known column names that
 * the row above does not already hold in their place. A merged cell repeats its text in every row it spans.
 */
function isSubHeader(upper: SourceRow, lower: SourceRow, vocabulary: ReadonlySet<string>): boolean {
  const own = lower.cells.filter((c, i) => c.trim() !== "" && c.trim() !== (upper.cells[i] ?? "").trim() && vocabulary.has(normaliseHeader(c)));
  return own.length >= 2;
}

/** The lower row's names where it has them, the upper row's elsewhere. */
function combine(upper: SourceRow, lower: SourceRow): string[] {
  const length = Math.max(upper.cells.length, lower.cells.length);
  return Array.from({ length }, (_, i) => ((lower.cells[i] ?? "").trim() !== "" ? lower.cells[i]! : (upper.cells[i] ?? "")));
}

/**
 * Exports often carry title rows above the header ("记账凭证列表", "单位：某公司 期间：2024.03").
 * The header is the first of the first 20 rows with at least three known column names (or two when
 * the row has only two cells); failing that, the densest row. A second header row right under it is merged in.
 */
export async function locateHeader(items: AsyncIterable<ReadItem>, vocabulary: ReadonlySet<string>): Promise<LocatedHeader> {
  const iterator = items[Symbol.asyncIterator]();
  const scanned: ReadItem[] = [];
  let finished = false;
  while (scanned.length < SCAN_ROWS) {
    const next = await iterator.next();
    if (next.done) {
      finished = true;
      break;
    }
    scanned.push(next.value);
    if (isReadFailure(next.value)) break;
  }
  const rows = scanned.filter((item): item is SourceRow => !isReadFailure(item));
  const byVocabulary = rows.find((row) => knownCount(row, vocabulary) >= Math.min(3, Math.max(2, nonEmpty(row))));
  const densest = rows.reduce<SourceRow | null>((best, row) => (best === null || nonEmpty(row) > nonEmpty(best) ? row : best), null);
  let header = byVocabulary ?? densest;
  let start = header ? scanned.indexOf(header) + 1 : 0;
  const below = scanned[start];
  if (header && below && !isReadFailure(below) && isSubHeader(header, below, vocabulary)) {
    header = { rowNo: below.rowNo, cells: combine(header, below) };
    start += 1;
  }
  async function* rest(): AsyncGenerator<ReadItem> {
    yield* scanned.slice(start);
    if (finished) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { header, rows: rest() };
}
