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
 * Exports often carry title rows above the header ("记账凭证列表", "单位：某公司 期间：2024.03").
 * The header is the first of the first 20 rows with at least three known column names (or two when
 * the row has only two cells); failing that, the densest row.
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
  const header = byVocabulary ?? densest;
  const start = header ? scanned.indexOf(header) + 1 : 0;
  async function* rest(): AsyncGenerator<ReadItem> {
    yield* scanned.slice(start);
    if (finished) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { header, rows: rest() };
}
