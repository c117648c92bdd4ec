import { XMLParser, XMLValidator } from "fast-xml-parser";
import iconv from "iconv-lite";
import { fail, ok, type Result } from "@/lib/errors";
import { collectBytes, peekHead, type ByteSource } from "@/lib/erp/read/byte-source";
import { detectEncoding, streamDecoder } from "@/lib/erp/read/detect-encoding";
import type { ReadFailure } from "@/lib/erp/read/source-row";

/**
 * JSON and XML documents have no streaming parser among our dependencies, so they are read whole
 * under this cap; JSON Lines streams line by line without a cap.
 */
export const DOCUMENT_LIMIT = 64 * 1024 * 1024;

async function readText(source: ByteSource, maxBytes: number): Promise<Result<string>> {
  const bytes = await collectBytes(source, maxBytes);
  if (!bytes.ok) return bytes;
  return ok(iconv.decode(bytes.value, detectEncoding(bytes.value).encoding));
}

/** A JSON string (skipped whole, so digits inside it are left alone) or a JSON number, by JSON's grammar. */
const JSON_TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const LONG_MANTISSA = /[\d.]{16,}/;

/**
 * JSON.parse with every number of more than 15 significant digits kept as its text. A double holds only
 * 15 digits for certain, so 12345678901234.56 would come back as 12345678901234.6 (how Excel shows a
 * number): an amount must never be rounded silently. Node 20's JSON.parse cannot hand over a number's
 * source text, so such numbers are quoted before parsing; the formats read scalars as text anyway.
 */
export function parseJsonExact(text: string): unknown {
  if (!LONG_MANTISSA.test(text)) return JSON.parse(text);
  const exact = text.replace(JSON_TOKEN, (token) => {
    if (token.startsWith('"')) return token;
    const mantissa = token.split(/[eE]/)[0]!.replace(/^-?[0.]*/, "").replace(".", "");
    return mantissa.length > 15 ? `"${token}"` : token;
  });
  return JSON.parse(exact);
}

export async function readJsonDocument(source: ByteSource, maxBytes = DOCUMENT_LIMIT): Promise<Result<unknown>> {
  const text = await readText(source, maxBytes);
  if (!text.ok) return text;
  try {
    return ok(parseJsonExact(text.value));
  } catch {
    return fail("erp.json_invalid", { row: 0 });
  }
}

/** JSON Lines: one value per physical line; the line number is the row number. */
export type JsonLine = { rowNo: number; value: unknown } | ReadFailure;

export async function* readJsonLines(source: ByteSource): AsyncGenerator<JsonLine> {
  const peeked = await peekHead(source, 4096);
  const decoder = streamDecoder(peeked.head);
  let pending = "";
  let rowNo = 0;
  function* lines(text: string, final: boolean): Generator<JsonLine> {
    pending += text;
    const parts = pending.split(/\r?\n/);
    pending = final ? "" : (parts.pop() ?? "");
    for (const line of parts) {
      rowNo += 1;
      if (line.trim() === "") continue;
      try {
        yield { rowNo, value: parseJsonExact(line) };
      } catch {
        yield { rowNo, failure: "erp.json_invalid", params: { row: rowNo } };
      }
    }
  }
  const chunks = peeked.source instanceof Uint8Array ? [peeked.source] : peeked.source;
  for await (const chunk of chunks) yield* lines(decoder.write(chunk), false);
  yield* lines(decoder.end(), true);
}

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * With entity processing off the parser leaves even &amp; alone; the five predefined entities and
 * character references need no DTD, so decoding them by hand keeps text intact without the risk.
 */
export function decodePredefinedEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (whole, name: string) => {
    if (!name.startsWith("#")) return PREDEFINED[name] ?? whole;
    const code = name.startsWith("#x") ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * XML with entity processing off and any DOCTYPE refused before parsing: an ERP export never needs
 * one, and refusing it rules out external entities (XXE) and entity expansion bombs.
 */
export async function readXmlDocument(source: ByteSource, maxBytes = DOCUMENT_LIMIT): Promise<Result<unknown>> {
  const text = await readText(source, maxBytes);
  if (!text.ok) return text;
  if (/<!DOCTYPE|<!ENTITY/i.test(text.value)) return fail("erp.xml_doctype_forbidden", { row: 0 });
  if (XMLValidator.validate(text.value) !== true) return fail("erp.xml_invalid", { row: 0 });
  const parser = new XMLParser({
    processEntities: false,
    htmlEntities: false,
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    tagValueProcessor: (_name, value) => decodePredefinedEntities(value),
    attributeValueProcessor: (_name, value) => decodePredefinedEntities(value),
  });
  return ok(parser.parse(text.value) as unknown);
}
