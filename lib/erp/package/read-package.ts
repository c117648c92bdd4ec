import { Transform, type Readable, type TransformCallback } from "node:stream";
import type { ZipFile } from "yauzl";
import { ok, type AppError, type ErrorCode, type Result } from "@/lib/errors";
import { readZipDirectory, type ZipDirectoryEntry, type ZipSource } from "@/lib/files/zip-directory";

export interface PackageLimits {
  /** Sum of uncompressed sizes, declared and actually inflated. */
  maxTotalSize: number;
  /** Largest uncompressed:compressed ratio tolerated for entries above `ratioThreshold`. */
  maxRatio: number;
  ratioThreshold: number;
  maxEntries: number;
}

export const defaultPackageLimits: PackageLimits = {
  maxTotalSize: 4 * 1024 ** 3,
  maxRatio: 200,
  ratioThreshold: 1024 ** 2,
  maxEntries: 100_000,
};

export interface PackageEntry {
  name: string;
  size: number;
  compressedSize: number;
}

export interface PackageInspection {
  ok: boolean;
  /** Files only; directory entries are checked but not listed. */
  entries: PackageEntry[];
  problems: AppError[];
}

/** ZIP methods 0 (stored) and 8 (deflate) only: anything else is proprietary compression under DA/T 70 3-8. */
const OPEN_METHODS = new Set([0, 8]);

/** Rejects names that could escape the extraction root or mean different files on different systems. */
export function isSafeEntryName(name: string): boolean {
  if (name === "" || name.includes("\\") || /[\u0000-\u001f]/.test(name)) return false;
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return false;
  return !name.split("/").some((segment) => segment === "..");
}

function ratioOf(size: number, compressedSize: number): number {
  return compressedSize === 0 ? (size === 0 ? 0 : Number.POSITIVE_INFINITY) : size / compressedSize;
}

function entryProblems(entry: ZipDirectoryEntry, limits: PackageLimits): AppError[] {
  const name = entry.name;
  if (name === undefined) return [{ code: "package.bad_file_name", params: { name: entry.rawName.toString("hex") } }];
  const problems: AppError[] = [];
  const add = (code: ErrorCode, params: Record<string, string | number> = {}) => problems.push({ code, params: { name, ...params } });
  if (!isSafeEntryName(name)) add("package.unsafe_path");
  if (entry.isSymlink) add("package.unsafe_entry_type");
  if (entry.encrypted) add("package.encrypted_entry");
  if (!entry.isDirectory && !OPEN_METHODS.has(entry.compressionMethod)) add("package.unsupported_compression", { method: entry.compressionMethod });
  const ratio = ratioOf(entry.size, entry.compressedSize);
  if (entry.size > limits.ratioThreshold && ratio > limits.maxRatio) add("package.suspicious_ratio", { ratio: Math.round(ratio), limit: limits.maxRatio });
  return problems;
}

function inspectDirectory(entries: ZipDirectoryEntry[], limits: PackageLimits): PackageInspection {
  const problems: AppError[] = [];
  const files: PackageEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    problems.push(...entryProblems(entry, limits));
    total += entry.size;
    if (entry.name === undefined || entry.isDirectory) continue;
    // Two entries with one name extract to one file; which one wins depends on the tool.
    if (seen.has(entry.name)) problems.push({ code: "package.duplicate_entry", params: { name: entry.name } });
    seen.add(entry.name);
    files.push({ name: entry.name, size: entry.size, compressedSize: entry.compressedSize });
  }
  if (total > limits.maxTotalSize) problems.unshift({ code: "package.too_large", params: { size: total, limit: limits.maxTotalSize } });
  return { ok: problems.length === 0, entries: files, problems };
}

async function openInspected(source: ZipSource, limits: PackageLimits): Promise<{ zip?: ZipFile; directory: ZipDirectoryEntry[]; inspection: PackageInspection }> {
  const read = await readZipDirectory(source, limits.maxEntries);
  if (!read.ok) return { directory: [], inspection: { ok: false, entries: [], problems: [read.error] } };
  return { zip: read.value.zip, directory: read.value.entries, inspection: inspectDirectory(read.value.entries, limits) };
}

/**
 * Validates a ZIP upload from its central directory alone, before a single byte is inflated:
 * unsafe paths, symlinks, encryption, non-standard compression, duplicate names, size, ratio and
 * entry-count limits. Every problem is listed so the clerk can fix the package in one go.
 */
export async function inspectPackage(source: ZipSource, limits: Partial<PackageLimits> = {}): Promise<PackageInspection> {
  const { zip, inspection } = await openInspected(source, { ...defaultPackageLimits, ...limits });
  zip?.close();
  return inspection;
}

/** Carries a package code through the consumer's stream pipeline back to `extractEntries`. */
class PackageStreamError extends Error {
  constructor(readonly appError: AppError) {
    super(appError.code);
  }
}

/** Declared sizes can lie, so the inflated bytes themselves are counted against every limit. */
function countingStream(entry: PackageEntry, limits: PackageLimits, state: { bytes: number; error?: AppError }): Transform {
  let bytes = 0;
  const name = entry.name;
  const check = (): AppError | undefined => {
    if (bytes > entry.size) return { code: "package.size_mismatch", params: { name, size: entry.size } };
    if (state.bytes > limits.maxTotalSize) return { code: "package.too_large", params: { size: state.bytes, limit: limits.maxTotalSize } };
    const ratio = ratioOf(bytes, entry.compressedSize);
    if (bytes > limits.ratioThreshold && ratio > limits.maxRatio) return { code: "package.suspicious_ratio", params: { name, ratio: Math.round(ratio), limit: limits.maxRatio } };
    return undefined;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      bytes += chunk.length;
      state.bytes += chunk.length;
      state.error = check();
      if (state.error) return done(new PackageStreamError(state.error));
      done(null, chunk);
    },
  });
}

export type EntryHandler = (name: string, content: Readable) => Promise<void>;

/**
 * Streams each file entry to `onEntry`, in directory order, only after `inspectPackage` found no
 * problem. `onEntry` must consume the stream. If a limit trips while inflating, the stream errors,
 * extraction stops and the limit's code is returned: the caller must then discard what it stored.
 */
export async function extractEntries(source: ZipSource, onEntry: EntryHandler, limits: Partial<PackageLimits> = {}): Promise<Result<{ files: number; bytes: number }>> {
  const effective = { ...defaultPackageLimits, ...limits };
  const { zip, directory, inspection } = await openInspected(source, effective);
  if (!zip || !inspection.ok) {
    zip?.close();
    return { ok: false, error: inspection.problems[0] ?? { code: "package.unreadable" } };
  }
  const state: { bytes: number; error?: AppError } = { bytes: 0 };
  let files = 0;
  try {
    for (const item of directory) {
      if (item.isDirectory || item.name === undefined) continue;
      const entry = { name: item.name, size: item.size, compressedSize: item.compressedSize };
      const counted = countingStream(entry, effective, state);
      const corrupt: AppError = { code: "package.corrupt_entry", params: { name: entry.name } };
      const raw = await zip.openReadStreamPromise(item.entry).catch(() => {
        throw new PackageStreamError(corrupt);
      });
      raw.on("error", () => {
        state.error ??= corrupt;
        counted.destroy(new PackageStreamError(state.error));
      });
      counted.on("close", () => raw.destroy());
      raw.pipe(counted);
      await onEntry(entry.name, counted);
      // A handler that swallowed the stream error must not turn a refused package into a success.
      if (state.error) return { ok: false, error: state.error };
      if (!counted.readableEnded) counted.destroy();
      files += 1;
    }
  } catch (error) {
    if (error instanceof PackageStreamError) return { ok: false, error: error.appError };
    throw error;
  } finally {
    zip.close();
  }
  return ok({ files, bytes: state.bytes });
}

/**
 * Reads a small container (an OFD invoice, GB/T 33190) wholly into memory through the same checks,
 * so an attachment with `..` or a bomb inside an invoice is refused like any upload.
 */
export async function readPackageFiles(source: ZipSource, limits: Partial<PackageLimits> = {}): Promise<Result<Map<string, Buffer>>> {
  const files = new Map<string, Buffer>();
  const done = await extractEntries(
    source,
    async (name, content) => {
      const chunks: Buffer[] = [];
      for await (const chunk of content) chunks.push(chunk as Buffer);
      files.set(name, Buffer.concat(chunks));
    },
    limits,
  );
  return done.ok ? ok(files) : done;
}
