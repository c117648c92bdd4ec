import iconv from "iconv-lite";
import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";
import { fail, ok, type Result } from "@/lib/errors";

/** A ZIP on disk (path) or in memory (OFD and XLSX files are ZIP containers too, GB/T 33190 §7.1). */
export type ZipSource = string | Uint8Array;

export interface ZipDirectoryEntry {
  /** Decoded name, or undefined when the raw bytes decode to nothing sensible. */
  name: string | undefined;
  rawName: Buffer;
  isDirectory: boolean;
  isSymlink: boolean;
  /** General-purpose flag bit 0 (APPNOTE 4.4.4). */
  encrypted: boolean;
  compressionMethod: number;
  compressedSize: number;
  size: number;
  entry: Entry;
}

export interface ZipDirectory {
  zip: ZipFile;
  entries: ZipDirectoryEntry[];
}

const UTF8_FLAG = 0x800;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Entry names are UTF-8 when bit 11 says so (APPNOTE Appendix D). Without the flag, Chinese Windows
 * tools write GBK/GB18030 while macOS and Linux tools write UTF-8 unflagged; GBK byte runs are
 * almost never valid UTF-8, so valid UTF-8 wins and everything else is read as GB18030.
 */
export function decodeEntryName(raw: Uint8Array, generalPurposeBitFlag: number): string | undefined {
  try {
    return strictUtf8.decode(raw);
  } catch {
    if ((generalPurposeBitFlag & UTF8_FLAG) !== 0) return undefined;
  }
  const decoded = iconv.decode(Buffer.from(raw), "gb18030");
  return decoded.includes("\uFFFD") ? undefined : decoded;
}

async function openZip(source: ZipSource, lazyEntries: boolean): Promise<ZipFile> {
  // Sizes are checked by counting inflated bytes in read-package, which names the limit that tripped.
  const options = { lazyEntries, decodeStrings: false, validateEntrySizes: false, autoClose: false };
  return typeof source === "string"
    ? yauzl.openPromise(source, options)
    : yauzl.fromBufferPromise(Buffer.from(source.buffer, source.byteOffset, source.byteLength), options);
}

function describe(entry: Entry): ZipDirectoryEntry {
  const rawName = entry.fileName as unknown as Buffer;
  const name = decodeEntryName(rawName, entry.generalPurposeBitFlag);
  const unixMode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  return {
    name,
    rawName,
    isDirectory: name?.endsWith("/") ?? false,
    isSymlink: unixMode === S_IFLNK,
    encrypted: entry.isEncrypted(),
    compressionMethod: entry.compressionMethod,
    compressedSize: entry.compressedSize,
    size: entry.uncompressedSize,
    entry,
  };
}

/**
 * Reads the central directory only, never file data, so a ZIP bomb costs nothing here.
 * The caller owns the returned `zip` and must `close()` it. Stops with `package.too_many_entries` before reading any entry when the end record declares more
 * than `maxEntries`.
 */
export async function readZipDirectory(source: ZipSource, maxEntries = Number.POSITIVE_INFINITY): Promise<Result<ZipDirectory>> {
  let zip: ZipFile;
  try {
    zip = await openZip(source, true);
  } catch {
    return fail("package.unreadable");
  }
  if (zip.entryCount > maxEntries) {
    zip.close();
    return fail("package.too_many_entries", { count: zip.entryCount, limit: maxEntries });
  }
  const entries: ZipDirectoryEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) entries.push(describe(entry));
  } catch {
    zip.close();
    return fail("package.unreadable");
  }
  return ok({ zip, entries });
}
