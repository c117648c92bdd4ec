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
