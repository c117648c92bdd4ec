import { isAscii } from "node:buffer";
import iconv from "iconv-lite";

export type TextEncoding = "utf8" | "utf16le" | "utf16be" | "gb18030";

export interface DetectedEncoding {
  encoding: TextEncoding;
  bom: boolean;
}

/**
 * BOM first; then strict UTF-8 validity (multi-byte GBK text is almost never valid UTF-8); otherwise
 * GB18030, the superset of GBK and GB2312 that Chinese ERPs (K/3, U8) write by default.
 */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf8", bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf16le", bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf16be", bom: true };
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return { encoding: "utf8", bom: false };
  } catch {
    return { encoding: "gb18030", bom: false };
  }
}

export interface StreamDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

const firstNonAscii = (bytes: Uint8Array) => bytes.findIndex((b) => b >= 0x80);
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Fewer bytes than this after the first non-ASCII byte could be one character cut by the chunk. */
const DECIDE_BYTES = 64;

/**
 * Decodes a stream whose encoding was detected from its head. A head of plain ASCII says nothing: a GBK
 * export whose first 64 KiB hold only English headers and numbers would otherwise be read as UTF-8 and
 * every later Chinese summary turned into U+FFFD. So the choice waits for the first non-ASCII bytes;
 * everything before them reads the same in either encoding, so deciding late loses nothing.
 */
export function streamDecoder(head: Uint8Array, forced?: TextEncoding): StreamDecoder {
  const detected = forced ?? detectEncoding(head).encoding;
  // iconv-lite strips a BOM of the detected encoding, so headers never start with U+FEFF.
  if (forced || detected !== "utf8" || firstNonAscii(head) >= 0) {
    const decoder = iconv.getDecoder(detected);
    return { write: (bytes) => decoder.write(asBuffer(bytes)), end: () => decoder.end() ?? "" };
  }
  let decoder: ReturnType<typeof iconv.getDecoder> | null = null;
  let pending: Buffer = Buffer.alloc(0);
  const decide = (sample: Buffer, final: boolean) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: !final });
      return iconv.getDecoder("utf8");
    } catch {
      return iconv.getDecoder("gb18030");
    }
  };
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
