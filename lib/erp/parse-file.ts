import type { ErpErrorCode } from "@/lib/erp/codes";
import { detectWithHeader, SNIFF_BYTES, sniffFile, type DetectionResult } from "@/lib/erp/detect-format";
import { getFormat, TABULAR_VOCABULARY } from "@/lib/erp/formats";
import { createCustomFormat, type CustomMapping } from "@/lib/erp/formats/custom";
import { containerKind, type ErpFormat, type FormatId, type ParseEvent } from "@/lib/erp/formats/types";
import { peekHead, type ByteSource } from "@/lib/erp/read/byte-source";
import { locateHeader, type LocatedHeader } from "@/lib/erp/read/locate-header";
import { readJsonDocument, readJsonLines, readXmlDocument } from "@/lib/erp/read/read-document";
import { readDelimited } from "@/lib/erp/read/read-delimited";
import { readXlsx } from "@/lib/erp/read/read-xlsx";
import { isReadFailure, type ReadItem } from "@/lib/erp/read/source-row";

export interface ParseErpFileInput {
  /** The upload as a stream (kept streaming) or bytes. */
  source: ByteSource;
  fileName: string;
  /** Skips detection; "custom" needs `mapping`. */
  formatId?: FormatId;
  /** An administrator-defined mapping (see CustomMappingSchema). */
  mapping?: unknown;
}

export interface ParsedErpFile {
  detection: DetectionResult;
  /** Lines and row problems in file order; file-level problems come with row 0. Never throws. */
  events: AsyncIterable<ParseEvent>;
}

function fileProblem(code: ErpErrorCode, params: Record<string, string | number> = {}): ParseEvent {
  return { type: "error", rowNo: 0, field: "", value: "", code, params: { row: 0, ...params } };
}

async function* only<T>(...items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function firstFailure(items: AsyncIterable<ReadItem>) {
  for await (const item of items) if (isReadFailure(item)) return item;
  return null;
}

async function skipToRow(items: AsyncIterable<ReadItem>, headerRow: number): Promise<LocatedHeader> {
  const iterator = items[Symbol.asyncIterator]();
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const item = next.value;
    if (isReadFailure(item) || item.rowNo > headerRow) return { header: null, rows: only<ReadItem>() };
    if (item.rowNo === headerRow) return { header: item, rows: { [Symbol.asyncIterator]: () => iterator } };
  }
  return { header: null, rows: only<ReadItem>() };
}

async function* tabularEvents(format: ErpFormat, located: LocatedHeader): AsyncGenerator<ParseEvent> {
  if (!format.tabular) {
    yield fileProblem("erp.format_unknown");
    return;
  }
  if (!located.header) {
    yield fileProblem("erp.header_not_found");
    return;
  }
  const bound = format.tabular.bind(located.header.cells);
  if (!bound.ok) {
    for (const p of bound.problems) yield { type: "error", ...p, params: { row: 0, ...p.params } };
    return;
  }
  for await (const item of located.rows) {
    if (isReadFailure(item)) {
      yield { type: "error", rowNo: item.rowNo, field: "", value: "", code: item.failure, params: { row: item.rowNo, ...item.params } };
      return;
    }
    yield* bound.mapper(item);
  }
}

function resolveFormat(input: ParseErpFileInput): { format: ErpFormat; mapping?: CustomMapping } | { problem: ParseEvent } | null {
  if (input.formatId === "custom" || input.mapping !== undefined) {
    if (input.mapping === undefined || input.mapping === null) return { problem: fileProblem("erp.mapping_missing") };
    const created = createCustomFormat(input.mapping);
    if (!created.ok) return { problem: fileProblem("erp.mapping_invalid", { fields: Object.keys(created.error.fields ?? {}).join(", ") }) };
    return { format: created.value, mapping: created.value.mapping };
  }
  return input.formatId ? { format: getFormat(input.formatId) } : null;
}

/**
 * One entry point for every ERP file: sniffs container and encoding from the first 64 KiB, finds
 * the header under any title rows, picks (or uses the given) format and streams canonical lines and
 * row problems. Tables stream with bounded memory; JSON and XML documents are read whole under a cap.
 */
export async function parseErpFile(input: ParseErpFileInput): Promise<ParsedErpFile> {
  const peeked = await peekHead(input.source, SNIFF_BYTES);
  const sniffed = sniffFile(peeked.head, input.fileName);
  const resolved = resolveFormat(input);
  const chosen = resolved && "format" in resolved ? resolved : null;
  if (chosen?.mapping?.encoding) {
    sniffed.encoding = chosen.mapping.encoding;
    sniffed.encodingDecidedLater = false;
  }
  if (chosen?.mapping?.delimiter) sniffed.delimiter = chosen.mapping.delimiter;

  if (containerKind(sniffed.container) === "tabular") {
    const rows =
      sniffed.container === "xlsx"
        ? readXlsx(peeked.source, { sheetName: chosen?.mapping?.sheetName })
        : // Only a mapping's encoding is forced: the reader itself waits for the first non-ASCII bytes to choose,
          // and the head's guess would read a GBK file whose first 64 KiB are ASCII as UTF-8.
          readDelimited(peeked.source, { ...(chosen?.mapping?.encoding ? { encoding: chosen.mapping.encoding } : {}), delimiter: sniffed.delimiter ?? "," });
    const headerRow = chosen?.mapping?.headerRow;
    const located = headerRow ? await skipToRow(rows, headerRow) : await locateHeader(rows, chosen?.format.tabular?.vocabulary ?? TABULAR_VOCABULARY);
    const detection = withChoice(detectWithHeader(sniffed, input.fileName, located), chosen?.format);
    if (resolved && "problem" in resolved) return { detection, events: only(resolved.problem) };
    // A file that breaks before its header could be read is damaged, not of an unknown format: say where.
    const broken = located.header ? null : await firstFailure(located.rows);
    if (broken) return { detection, events: only<ParseEvent>({ type: "error", rowNo: broken.rowNo, field: "", value: "", code: broken.failure, params: { row: broken.rowNo, ...broken.params } }) };
    const format = chosen?.format ?? (detection.formatId ? getFormat(detection.formatId) : null);
    return { detection, events: format ? tabularEvents(format, located) : only(fileProblem("erp.format_unknown")) };
  }

  const detection = withChoice(detectWithHeader(sniffed, input.fileName, null), chosen?.format);
  if (resolved && "problem" in resolved) return { detection, events: only(resolved.problem) };
  const format = chosen?.format ?? (detection.formatId ? getFormat(detection.formatId) : null);
  const document = format?.document;
  if (!document) return { detection, events: only(fileProblem("erp.format_unknown")) };
  if (sniffed.container === "jsonl") {
    return {
      detection,
      events: (async function* () {
        for await (const item of readJsonLines(peeked.source)) {
          if ("failure" in item) yield { type: "error", rowNo: item.rowNo, field: "", value: "", code: item.failure, params: item.params };
          else yield* document.map(item.value, item.rowNo);
        }
      })(),
    };
  }
  return {
    detection,
    events: (async function* () {
      const parsed = sniffed.container === "xml" ? await readXmlDocument(peeked.source) : await readJsonDocument(peeked.source);
      if (!parsed.ok) yield fileProblem(parsed.error.code as ErpErrorCode, parsed.error.params);
      else yield* document.map(parsed.value, 1);
    })(),
  };
}

/** A format chosen by the caller wins over detection, and the result says so. */
function withChoice(detection: DetectionResult, format: ErpFormat | undefined): DetectionResult {
  if (!format) return detection;
  const candidate = detection.candidates.find((c) => c.formatId === format.id);
  return { ...detection, formatId: format.id, confidence: candidate?.confidence ?? 1, reason: "erp.detected_given", reasonParams: { ...detection.reasonParams, format: format.id } };
}
