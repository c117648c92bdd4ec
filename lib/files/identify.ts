import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import iconv from "iconv-lite";
import { ok, type Result } from "@/lib/errors";
import { type ZipSource, readZipDirectory } from "@/lib/files/zip-directory";

export interface FileDigest {
  size: number;
  /** Lower-case hex. */
  sha256: string;
  /** SM3 (GB/T 32905) for fonds that require the national algorithm as fixity value. */
  sm3: string;
}

/** Hashes bytes or a stream chunk by chunk, so a large file is never held in memory. */
export async function digestFile(input: Uint8Array | AsyncIterable<Uint8Array | string>): Promise<FileDigest> {
  const sha256 = createHash("sha256");
  const sm3 = createHash("sm3");
  let size = 0;
  const chunks = input instanceof Uint8Array ? [input] : input;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    sha256.update(bytes);
    sm3.update(bytes);
    size += bytes.byteLength;
  }
  return { size, sha256: sha256.digest("hex"), sm3: sm3.digest("hex") };
}

export const MEDIA_TYPES = {
  ofd: "application/ofd",
  pdf: "application/pdf",
  xml: "application/xml",
  jpeg: "image/jpeg",
  png: "image/png",
  tiff: "image/tiff",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  zip: "application/zip",
  csv: "text/csv",
  json: "application/json",
  text: "text/plain",
  unknown: "application/octet-stream",
} as const;

/** Extensions a file of each type may carry; the first is the canonical one. */
const EXTENSIONS: Record<string, readonly string[]> = {
  [MEDIA_TYPES.ofd]: ["ofd"],
  [MEDIA_TYPES.pdf]: ["pdf"],
  [MEDIA_TYPES.xml]: ["xml"],
  [MEDIA_TYPES.jpeg]: ["jpg", "jpeg"],
  [MEDIA_TYPES.png]: ["png"],
  [MEDIA_TYPES.tiff]: ["tif", "tiff"],
  [MEDIA_TYPES.xlsx]: ["xlsx"],
  [MEDIA_TYPES.docx]: ["docx"],
  [MEDIA_TYPES.zip]: ["zip"],
  [MEDIA_TYPES.csv]: ["csv"],
  [MEDIA_TYPES.json]: ["json"],
  [MEDIA_TYPES.text]: ["txt"],
  [MEDIA_TYPES.unknown]: ["bin"],
};

const ZIP_FAMILY = new Set<string>([MEDIA_TYPES.zip, MEDIA_TYPES.xlsx, MEDIA_TYPES.docx, MEDIA_TYPES.ofd]);

/** Formats fit for long-term preservation (DA/T 70 item 3-3/3-5, DA/T 94 6.4: OFD first, then PDF; XML for data). */
const LONG_TERM = new Set<string>([MEDIA_TYPES.ofd, MEDIA_TYPES.pdf, MEDIA_TYPES.xml, MEDIA_TYPES.jpeg, MEDIA_TYPES.png, MEDIA_TYPES.tiff, MEDIA_TYPES.xlsx]);

export function isLongTermFormat(mediaType: string): boolean {
  return LONG_TERM.has(mediaType);
}

export interface SniffedType {
  mediaType: string;
  extension: string;
  /** Whether the file name's extension is one this type may carry. */
  matchesName: boolean;
}

function extensionOf(fileName: string): string {
  return path.extname(fileName).slice(1).toLowerCase();
}

function sniffed(mediaType: string, fileName: string, extension = EXTENSIONS[mediaType]?.[0] ?? "bin"): SniffedType {
  const allowed = EXTENSIONS[mediaType] ?? [extension];
  return { mediaType, extension, matchesName: allowed.includes(extensionOf(fileName)) };
}

/** The container's own marker files decide: OFD.xml at the root (GB/T 33190 §7.2), OOXML content types (ECMA-376 Part 2). */
export function zipMediaType(entryNames: readonly string[]): string {
  const names = new Set(entryNames);
  if (names.has("OFD.xml")) return MEDIA_TYPES.ofd;
  if (names.has("[Content_Types].xml")) {
    if (entryNames.some((n) => n.startsWith("xl/"))) return MEDIA_TYPES.xlsx;
    if (entryNames.some((n) => n.startsWith("word/"))) return MEDIA_TYPES.docx;
  }
  return MEDIA_TYPES.zip;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** The UTF-16 of a byte-order mark (Excel's "Unicode text" export), else null. */
function utf16Bom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/** Decodes as UTF-16 after its BOM, else UTF-8, else GB18030 (Chinese ERP exports); undefined when the bytes are not text. */
function asText(bytes: Uint8Array): string | undefined {
  const body = UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes;
  let text: string | undefined;
  const utf16 = utf16Bom(bytes);
  if (utf16) {
    try {
      // stream: true tolerates a character cut off at the end of a head sample.
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes.subarray(2), { stream: true });
    } catch {
      return undefined;
    }
    return CONTROL.test(text) ? undefined : text;
  }
  try {
    // stream: true tolerates a multi-byte character cut off at the end of a head sample.
    text = new TextDecoder("utf-8", { fatal: true }).decode(body, { stream: true });
  } catch {
    // A two-byte character cut off at the end of a head sample decodes to one replacement character.
    const decoded = iconv.decode(Buffer.from(body), "gb18030").replace(/\uFFFD$/, "");
    text = decoded.includes("\uFFFD") ? undefined : decoded;
  }
  return text === undefined || CONTROL.test(text) ? undefined : text;
}

function sniffText(bytes: Uint8Array, fileName: string): SniffedType {
  const text = asText(bytes);
  if (text === undefined) return sniffed(MEDIA_TYPES.unknown, fileName);
  if (/^\s*<[?!A-Za-z_]/.test(text)) return sniffed(MEDIA_TYPES.xml, fileName);
  const byName = { csv: MEDIA_TYPES.csv, json: MEDIA_TYPES.json }[extensionOf(fileName)];
  return sniffed(byName ?? MEDIA_TYPES.text, fileName);
}

/**
 * Identifies a file by its bytes, not its name. ZIP-based formats (OFD, XLSX) are told apart by
 * their central directory, read from `whole`: the whole file, in memory or on disk (its path) when `bytes`
 * is only its head. Given only a head, they fall back to what the local headers show.
 */
export async function sniffMediaType(bytes: Uint8Array, fileName: string, whole: ZipSource = bytes): Promise<SniffedType> {
  // FF FE also starts an MPEG audio frame header: text behind a UTF-16 BOM is text.
  if (utf16Bom(bytes)) {
    const text = sniffText(bytes, fileName);
    if (text.mediaType !== MEDIA_TYPES.unknown) return text;
  }
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || detected.mime === MEDIA_TYPES.xml) return sniffText(bytes, fileName);
  if (ZIP_FAMILY.has(detected.mime)) {
    const directory = await readZipDirectory(whole);
    if (!directory.ok) return sniffed(detected.mime, fileName, detected.ext);
    directory.value.zip.close();
    return sniffed(zipMediaType(directory.value.entries.map((e) => e.name ?? "")), fileName);
  }
  return sniffed(detected.mime, fileName, detected.ext);
}

export interface EncryptionCheck {
  encrypted: boolean;
  /** ZIP compression other than stored/deflate, which DA/T 70 3-8 treats as proprietary. */
  proprietaryCompression: boolean;
}

const DICTIONARY_WINDOW = 64 * 1024;

/** The dictionary starting at `start` ("<<"), with nested dictionaries balanced. */
function dictionaryAt(text: string, start: number): string {
  let depth = 0;
  const end = Math.min(text.length, start + DICTIONARY_WINDOW);
  for (let i = start; i < end - 1; i++) {
    const pair = text.slice(i, i + 2);
    if (pair === "<<") {
      depth += 1;
      i += 1;
    } else if (pair === ">>") {
      depth -= 1;
      i += 1;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return text.slice(start, end);
}

const ENCRYPT_KEY = /\/Encrypt(?![A-Za-z0-9#_.-])/;

/**
 * ISO 32000-1 §7.6.1: a PDF is encrypted when its trailer, or the cross-reference stream
 * dictionary that replaces it (§7.5.8.2), has an /Encrypt entry. Other /Encrypt strings do not count.
 */
export function pdfHasEncryptDictionary(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  for (const match of text.matchAll(/trailer\s*<</g)) {
    if (ENCRYPT_KEY.test(dictionaryAt(text, match.index + match[0].length - 2))) return true;
  }
  for (const match of text.matchAll(/\/Type\s*\/XRef(?![A-Za-z])/g)) {
    const object = text.lastIndexOf(" obj", match.index);
    const open = object < 0 ? -1 : text.indexOf("<<", object);
    if (open >= 0 && open < match.index && ENCRYPT_KEY.test(dictionaryAt(text, open))) return true;
  }
  return false;
}

/**
 * DA/T 70 item 3-8: archived content must carry no encryption and no proprietary compression. `source` is the file's
 * bytes, or its path on disk, read then a window at a time (a PDF) or only its ZIP directory.
 */
export async function detectEncryption(source: ZipSource, mediaType: string): Promise<Result<EncryptionCheck>> {
  if (mediaType === MEDIA_TYPES.pdf) {
    const encrypted = typeof source === "string" ? await someWindow(source, pdfHasEncryptDictionary) : pdfHasEncryptDictionary(source);
    return ok({ encrypted, proprietaryCompression: false });
  }
  if (!ZIP_FAMILY.has(mediaType)) return ok({ encrypted: false, proprietaryCompression: false });
  const directory = await readZipDirectory(source);
  if (!directory.ok) return directory;
  directory.value.zip.close();
  const files = directory.value.entries.filter((e) => !e.isDirectory);
  return ok({
    encrypted: files.some((e) => e.encrypted),
    proprietaryCompression: files.some((e) => e.compressionMethod !== 0 && e.compressionMethod !== 8),
  });
}

/** How much of a file on disk a scan holds at a time (ADR 0017). */
export const SCAN_WINDOW = 4 * 1024 * 1024;

/**
 * How far each window reaches back into the one before: past anything a scan must see in one piece (a PDF trailer's
 * dictionary is read DICTIONARY_WINDOW deep), so a mark across two windows' border is whole in one of them.
 */
export const SCAN_OVERLAP = 2 * DICTIONARY_WINDOW;

/**
 * Whether `test` holds for some window of the file at `file`, read SCAN_WINDOW bytes at a time into one buffer, each
 * window starting SCAN_OVERLAP before the last one ended: a file of any size costs one window of memory. `test` gets
 * a view of that buffer, valid only during the call. A file no longer than a window is tested whole, in one call.
 */
export async function someWindow(file: string, test: (window: Buffer) => boolean, window = SCAN_WINDOW): Promise<boolean> {
  if (window <= SCAN_OVERLAP) throw new Error(`a scan window must be longer than its overlap (${SCAN_OVERLAP} bytes)`);
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(window, size));
    for (let position = 0; ; position += window - SCAN_OVERLAP) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (test(buffer.subarray(0, bytesRead))) return true;
      if (position + bytesRead >= size || !bytesRead) return false;
    }
  } finally {
    await handle.close();
  }
}

/** The first `length` bytes of the file at `file` (fewer when it is shorter). */
export async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(Math.min(length, (await handle.stat()).size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
