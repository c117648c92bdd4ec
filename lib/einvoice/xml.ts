import iconv from "iconv-lite";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { fail, ok, type Result } from "@/lib/errors";

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  // Values stay text: amounts must never become floats, and codes keep their leading zeros.
  parseTagValue: false,
  parseAttributeValue: false,
  // No entity expansion at all (billion laughs); the five predefined ones are decoded below.
  processEntities: false,
  trimValues: true,
});

/**
 * Parses untrusted XML. A DOCTYPE is refused outright: invoice and OFD XML never carry one, and it
 * is the only way to declare entities (XXE, entity expansion).
 */
export function parseXml(text: string): Result<XmlNode> {
  if (/<!DOCTYPE/i.test(text)) return fail("einvoice.doctype_forbidden");
  if (XMLValidator.validate(text) !== true) return fail("einvoice.malformed_xml");
  try {
    return ok(parser.parse(text) as XmlNode);
  } catch {
    return fail("einvoice.malformed_xml");
  }
}

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return PREDEFINED[name] ?? whole;
  });
}

/** Text content of an element, whether it was parsed as a plain value or as an object with attributes. */
export function textOf(node: unknown): string | undefined {
  if (typeof node === "string") return decodeEntities(node);
  if (node && typeof node === "object" && !Array.isArray(node)) {
    const text = (node as XmlNode)["#text"];
    return typeof text === "string" ? decodeEntities(text) : undefined;
  }
  if (Array.isArray(node)) return textOf(node[0]);
  return undefined;
}

/** Children named `name`, always as a list (the parser collapses a single child to an object). */
export function childrenOf(node: unknown, name: string): unknown[] {
  if (!node || typeof node !== "object" || Array.isArray(node)) return [];
  const value = (node as XmlNode)[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Follows a path of element names, taking the first match at each step. */
export function pathOf(node: unknown, ...names: string[]): unknown {
  let current = node;
  for (const name of names) current = childrenOf(current, name)[0];
  return current;
}

export function attributeOf(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== "object" || Array.isArray(node)) return undefined;
  const value = (node as XmlNode)[`@_${name}`];
  return typeof value === "string" ? decodeEntities(value) : undefined;
}

const GB_ENCODINGS = new Set(["gbk", "gb2312", "gb18030"]);

/** Decodes XML bytes by their BOM or declared encoding; older invoice XML is often GBK. */
export function decodeXmlBytes(bytes: Uint8Array): Result<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return decodeUtf8(buffer.subarray(3));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']/i.exec(buffer.subarray(0, 200).toString("latin1"))?.[1]?.toLowerCase();
  if (declared && GB_ENCODINGS.has(declared)) return ok(iconv.decode(buffer, "gb18030"));
  return decodeUtf8(buffer);
}

function decodeUtf8(buffer: Buffer): Result<string> {
  try {
    return ok(new TextDecoder("utf-8", { fatal: true }).decode(buffer));
  } catch {
    return fail("einvoice.malformed_xml");
  }
}
