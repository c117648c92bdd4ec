import { XMLValidator } from "fast-xml-parser";
import { isLongTermFormat } from "@/lib/files/identify";
import { finding, list } from "./finding";
import type { CheckOptions } from "./options";
import type { Finding, RecordCheckContext } from "./types";

/**
 * The largest companion XML file read: it is parsed whole, in memory. A record's description is kilobytes; a file
 * past this is refused unread, named in the finding (ADR 0017).
 */
export const METADATA_FILE_MAX_BYTES = 16 * 1024 * 1024;

/** 3-1 元数据可解析: the companion XML description file (DA/T 94 6.4) is well-formed. */
export function checkMetadataFile({ record }: RecordCheckContext): Finding {
  if (record.metadataFileUnreadable !== undefined) return finding("fail", "archive.check.metadata_file_unreadable", { file: record.metadataFileUnreadable });
  if (record.metadataFileTooLarge !== undefined) return finding("fail", "archive.check.metadata_file_too_large", { file: record.metadataFileTooLarge, maxMiB: METADATA_FILE_MAX_BYTES / 1024 / 1024 });
  if (record.metadataXml === undefined || record.metadataXml === null) return finding("not_applicable", "archive.check.no_metadata_file");
  const result = XMLValidator.validate(record.metadataXml);
  return result === true
    ? finding("pass", "archive.check.metadata_file_parses")
    : finding("fail", "archive.check.metadata_file_invalid", { line: result.err.line, column: result.err.col, reason: result.err.code });
}

/** 3-2 元数据可访问: the stored metadata can be read. */
export function checkMetadataReadable({ record }: RecordCheckContext): Finding {
  return record.metadata === null ? finding("fail", "archive.check.metadata_unreadable") : finding("pass", "archive.check.metadata_readable");
}

/** 3-3 内容数据格式: by sniffed bytes, a format fit for long-term keeping (GB/T 18894, DA/T 94 6.4: OFD, PDF…). */
export function checkFormat({ record }: RecordCheckContext, options: CheckOptions): Finding {
  if (record.files.length === 0) return finding("not_applicable", "archive.check.no_files");
  const allowed = (mediaType: string | null) =>
    mediaType !== null && (options.allowedMediaTypes === null ? isLongTermFormat(mediaType) : options.allowedMediaTypes.includes(mediaType));
  const bad = record.files.filter((f) => f.sha256Now !== null && !allowed(f.mediaType));
  if (bad.length) return finding("fail", "archive.check.format_not_allowed", { files: list(bad.map((f) => f.name)), mediaTypes: list(bad.map((f) => f.mediaType ?? "unknown")) });
  // Content that cannot be read is not usable in any format.
  const unreadableFiles = record.files.filter((f) => f.unreadable).map((f) => f.name);
  if (unreadableFiles.length) return finding("fail", "archive.check.file_unreadable", { files: list(unreadableFiles) });
  return unreadable(record) ?? finding("pass", "archive.check.formats_allowed");
}

/** Files missing from storage have no bytes to judge: the item is not performed for them (1-11 fails them). */
function unreadable(record: RecordCheckContext["record"]): Finding | null {
  const missing = record.files.filter((f) => f.sha256Now === null).map((f) => f.name);
  return missing.length ? finding("not_performed", "archive.check.content_unavailable", { files: list(missing) }) : null;
}

/** Containers that hide content from long-term reading; OFD and XLSX are ZIP-based but sniff as their own types. */
const ARCHIVE_TYPES = new Set([
  "application/zip",
  "application/x-rar-compressed",
  "application/vnd.rar",
  "application/x-7z-compressed",
  "application/gzip",
  "application/x-tar",
  "application/x-bzip2",
  "application/x-xz",
]);

/** 3-8 信息包合规: no encryption, no proprietary compression, no nested archives. */
export function checkNoEncryption({ record }: RecordCheckContext): Finding {
  if (record.files.length === 0) return finding("not_applicable", "archive.check.no_files");
  const encrypted = record.files.filter((f) => f.isEncrypted).map((f) => f.name);
  if (encrypted.length) return finding("fail", "archive.check.encrypted", { files: list(encrypted) });
  const compressed = record.files.filter((f) => f.hasProprietaryCompression || (f.mediaType !== null && ARCHIVE_TYPES.has(f.mediaType))).map((f) => f.name);
  if (compressed.length) return finding("fail", "archive.check.compressed", { files: list(compressed) });
  return unreadable(record) ?? finding("pass", "archive.check.not_encrypted");
}
