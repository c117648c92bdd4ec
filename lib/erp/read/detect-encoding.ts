import { isAscii } from "node:buffer";
import iconv from "iconv-lite";

export type TextEncoding = "utf8" | "utf16le" | "utf16be" | "gb18030" | "windows1252";

export interface DetectedEncoding {
  encoding: TextEncoding;
  bom: boolean;
}

/** Windows-1252 letters: À–ÿ except × and ÷, and Š Œ Ž š œ ž Ÿ ª µ º. */
const LATIN_LETTERS = new Set([0x8a, 0x8c, 0x8e, 0x9a, 0x9c, 0x9e, 0x9f, 0xaa, 0xb5, 0xba]);
const isLatinLetter = (b: number) => (b >= 0xc0 && b !== 0xd7 && b !== 0xf7) || LATIN_LETTERS.has(b);
const isAsciiLetter = (b: number | undefined) => b !== undefined && (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a;

/**
 * GB18030 or Windows-1252 for bytes that are not UTF-8, by how their high bytes are laid out. Chinese
 * text is pairs of high bytes, and what ERPs write is GB2312 (lead A1–F7, trail A1–FE: the common
 * ideographs and full-width punctuation). A Western European export (SAP in German, French names) has
 * a lone high byte between ASCII letters (the ä in "Hauswährung"), which GB18030 can read only as a
 * rare ideograph eating the next letter, or not at all. So the lone Latin letters are weighed against
 * the GB2312 pairs, and a tie (no evidence either way) stays GB18030, as every such file was read before.
 * Ambiguous by construction: a file whose only non-ASCII text is "gemäß" (ä and ß side by side make a
 * GB2312 pair), or whose only Chinese is one rare ideograph with an ASCII trail byte (鋐 = ä f).
 */
function legacyEncoding(bytes: Uint8Array): "gb18030" | "windows1252" {
  let gb2312 = 0;
  let latin = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < bytes.length && bytes[end]! >= 0x80) end += 1;
    if (end - i === 1) {
      // A lone byte at the end of the sample may be a pair cut in two: it is no evidence.
      if (end < bytes.length && isLatinLetter(bytes[i]!) && (isAsciiLetter(bytes[i - 1]) || isAsciiLetter(bytes[end]))) latin += 1;
    } else {
      for (let j = i; j + 1 < end; j += 2) {
        if (bytes[j]! >= 0xa1 && bytes[j]! <= 0xf7 && bytes[j + 1]! >= 0xa1 && bytes[j + 1]! <= 0xfe) gb2312 += 1;
      }
    }
    i = end;
  }
  return latin > gb2312 ? "windows1252" : "gb18030";
}

/** Strict UTF-8 validity first (multi-byte GBK or Latin text is almost never valid UTF-8), then the layout. */
function withoutBom(bytes: Uint8Array, final: boolean): "utf8" | "gb18030" | "windows1252" {
  try {
    // Unless final, a multi-byte character cut at the end of the sample is tolerated.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: !final });
    return "utf8";
  } catch {
    return legacyEncoding(bytes);
  }
}

/**
 * BOM first; then UTF-8; otherwise GB18030 (the superset of GBK and GB2312 that Chinese ERPs such as
 * K/3 and U8 write by default) or Windows-1252 (SAP's unconverted download on a Western Windows).
 */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf8", bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf16le", bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf16be", bom: true };
  return { encoding: withoutBom(bytes, false), bom: false };
}

/**
 * Whether a head says nothing about its encoding: plain ASCII without a BOM reads the same in UTF-8,
 * GB18030 and Windows-1252, so streamDecoder makes the choice at the first non-ASCII byte further on.
 */
export function encodingDecidedLater(head: Uint8Array): boolean {
  return isAscii(head);
}

export interface StreamDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

const firstNonAscii = (bytes: Uint8Array) => bytes.findIndex((b) => b >= 0x80);
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The choice is made from this many bytes from the first non-ASCII one (or fewer at the end of the
 * file): enough rows to weigh, and the same window however the chunks fall, so the preview and the
 * import of one file read it alike.
 */
const DECIDE_BYTES = 4096;

/**
 * Decodes a stream whose encoding was detected from its head. A head of plain ASCII says nothing: a GBK
 * export whose first 64 KiB hold only English headers and numbers would otherwise be read as UTF-8 and
 * every later Chinese summary turned into U+FFFD. So the choice waits for the first non-ASCII bytes;
 * everything before them reads the same in either encoding, so deciding late loses nothing.
 */
export function streamDecoder(head: Uint8Array, forced?: TextEncoding): StreamDecoder {
  const detected = forced ?? detectEncoding(head).encoding;
  // iconv-lite strips a BOM of the detected encoding, so headers never start with U+FEFF.
  if (forced || !encodingDecidedLater(head)) {
    const decoder = iconv.getDecoder(detected);
    return { write: (bytes) => decoder.write(asBuffer(bytes)), end: () => decoder.end() ?? "" };
  }
  let decoder: ReturnType<typeof iconv.getDecoder> | null = null;
  let pending: Buffer = Buffer.alloc(0);
  const decide = (sample: Buffer, final: boolean) => iconv.getDecoder(withoutBom(sample.subarray(0, DECIDE_BYTES), final));
  return {
    write(bytes) {
      if (decoder) return decoder.write(asBuffer(bytes));
      const buffer = pending.length ? Buffer.concat([pending, bytes]) : asBuffer(bytes);
      // isAscii is native: a large all-ASCII export is not scanned byte by byte in JavaScript.
      if (isAscii(buffer)) return buffer.toString("latin1");
      const at = firstNonAscii(buffer);
      const ascii = buffer.subarray(0, at).toString("latin1");
      if (buffer.length - at < DECIDE_BYTES) {
        pending = buffer.subarray(at);
        return ascii;
      }
      decoder = decide(buffer.subarray(at), false);
      return ascii + decoder.write(buffer.subarray(at));
    },
    end() {
      if (decoder) return decoder.end() ?? "";
      if (pending.length === 0) return "";
      const last = decide(pending, true);
      return last.write(pending) + (last.end() ?? "");
    },
  };
}
