import iconv from "iconv-lite";
import { ERP_FORMATS, TABULAR_VOCABULARY } from "@/lib/erp/formats";
import { containerKind, type Container, type DetectSample, type FormatId } from "@/lib/erp/formats/types";
import { detectEncoding, encodingDecidedLater, type TextEncoding } from "@/lib/erp/read/detect-encoding";
import { locateHeader, type LocatedHeader } from "@/lib/erp/read/locate-header";
import { readDelimited, sniffDelimiter, type Delimiter } from "@/lib/erp/read/read-delimited";
import { readXlsx } from "@/lib/erp/read/read-xlsx";

/** Why a preset was chosen, as a code with params the UI renders (lib returns no prose). */
export type DetectionReason = "erp.detected_by_header" | "erp.detected_by_content" | "erp.detected_none" | "erp.detected_given";

export interface FormatCandidate {
  formatId: FormatId;
  confidence: number;
}

export interface DetectionResult {
  formatId: FormatId | null;
  confidence: number;
  container: Container;
  encoding: TextEncoding;
  /**
   * The sample was plain ASCII, so `encoding` (utf8) is only a placeholder: a text reader decides
   * between UTF-8, GB18030 and Windows-1252 at the first non-ASCII byte, and the screen says so.
   */
  encodingDecidedLater: boolean;
  delimiter: Delimiter | null;
  reason: DetectionReason;
  reasonParams: Record<string, string | number>;
  /** Physical row of the header for tables, else null. */
  headerRow: number | null;
  headerCells: string[] | null;
  /** Every format that could read this container, best first. */
  candidates: FormatCandidate[];
}

/** Below this no preset is chosen: the administrator picks one or maps the columns. */
export const MIN_CONFIDENCE = 0.35;

export const SNIFF_BYTES = 64 * 1024;

export function sniffContainer(head: Uint8Array, fileName: string, text: string): Container {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "xlsx";
  const name = fileName.toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(name)) return "jsonl";
  const start = text.trimStart();
  if (start.startsWith("<")) return "xml";
  if (start.startsWith("{") || start.startsWith("[")) {
    const lines = start.split(/\r?\n/).filter((l) => l.trim() !== "");
    const isJsonLine = (l: string | undefined) => {
      try {
        return l !== undefined && typeof JSON.parse(l) === "object";
      } catch {
        return false;
      }
    };
    return lines.length > 1 && isJsonLine(lines[0]) && isJsonLine(lines[1]) ? "jsonl" : "json";
  }
  return "delimited";
}

export function rankFormats(sample: DetectSample): FormatCandidate[] {
  const kind = containerKind(sample.container);
  return ERP_FORMATS.filter((f) => f.kinds.includes(kind))
    .map((f) => ({ formatId: f.id, confidence: f.detect(sample) }))
    .sort((a, b) => b.confidence - a.confidence);
}

export interface SniffedFile {
  container: Container;
  encoding: TextEncoding;
  /** See DetectionResult; false once a mapping names the encoding. */
  encodingDecidedLater: boolean;
  delimiter: Delimiter | null;
  text: string;
}

export function sniffFile(head: Uint8Array, fileName: string): SniffedFile {
  const { encoding } = detectEncoding(head);
  const text = head[0] === 0x50 && head[1] === 0x4b ? "" : iconv.decode(Buffer.from(head), encoding);
  const container = sniffContainer(head, fileName, text);
  return { container, encoding, encodingDecidedLater: encodingDecidedLater(head), delimiter: container === "delimited" ? sniffDelimiter(text) : null, text };
}

/** Ranks the formats for a sniffed file whose header (for tables) has been located. */
export function detectWithHeader(sniffed: SniffedFile, fileName: string, located: LocatedHeader | null): DetectionResult {
  const headerCells = located?.header?.cells.map((c) => c.trim()) ?? null;
  const candidates = rankFormats({ fileName, container: sniffed.container, text: sniffed.text, headerCells });
  const best = candidates[0];
  const chosen = best && best.confidence >= MIN_CONFIDENCE ? best : null;
  const tabular = containerKind(sniffed.container) === "tabular";
  return {
    formatId: chosen?.formatId ?? null,
    confidence: chosen?.confidence ?? 0,
    container: sniffed.container,
    encoding: sniffed.encoding,
    encodingDecidedLater: sniffed.encodingDecidedLater,
    delimiter: sniffed.delimiter,
    reason: chosen ? (tabular ? "erp.detected_by_header" : "erp.detected_by_content") : "erp.detected_none",
    reasonParams: {
      format: chosen?.formatId ?? "",
      confidence: Math.round((chosen?.confidence ?? 0) * 100),
      headerRow: located?.header?.rowNo ?? 0,
      columns: (headerCells ?? []).filter(Boolean).slice(0, 8).join(", "),
    },
    headerRow: located?.header?.rowNo ?? null,
    headerCells,
    candidates,
  };
}

/**
 * Detects container, encoding, delimiter, header row and format from the start of a file, so the
 * UI can say which preset was chosen and why before the import runs. An XLSX sample must be the
 * whole file (the ZIP directory sits at its end).
 */
export async function detectFormat(sample: Uint8Array, fileName: string): Promise<DetectionResult> {
  const sniffed = sniffFile(sample, fileName);
  let located: LocatedHeader | null = null;
  if (sniffed.container === "delimited") {
    located = await locateHeader(readDelimited(sample, { encoding: sniffed.encoding, delimiter: sniffed.delimiter ?? "," }), TABULAR_VOCABULARY);
  } else if (sniffed.container === "xlsx") {
    located = await locateHeader(readXlsx(sample), TABULAR_VOCABULARY);
  }
  return detectWithHeader(sniffed, fileName, located);
}
