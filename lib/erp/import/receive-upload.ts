import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Result, fail, ok } from "@/lib/errors";
import { inspectPackage } from "@/lib/erp/package/read-package";
import { MEDIA_TYPES, sniffMediaType, zipMediaType } from "@/lib/files/identify";
import { IncompleteMultipart } from "@/lib/http/multipart-file";

export interface ReceivedUpload {
  path: string;
  size: number;
  /** What the bytes are: a voucher data file (CSV/TSV, JSON, XML, XLSX) or a ZIP package. */
  mediaType: string;
  remove: () => Promise<void>;
}

class TooLarge extends Error {}

const HEAD_BYTES = 64 * 1024;
const DATA_TYPES = new Set<string>([MEDIA_TYPES.csv, MEDIA_TYPES.json, MEDIA_TYPES.xml, MEDIA_TYPES.text]);
const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;

/**
 * Takes an upload into a temporary file, counting bytes as they arrive so an oversized upload stops
 * at the limit, then decides what it is by its bytes, not its name. Anything refused leaves nothing
 * behind: the temporary file is removed and the store is never touched.
 */
export async function receiveUpload(source: Readable, fileName: string, maxBytes: number): Promise<Result<ReceivedUpload>> {
  const file = path.join(os.tmpdir(), `acta-upload-${randomBytes(12).toString("hex")}`);
  const remove = () => rm(file, { force: true });
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      done(size > maxBytes ? new TooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(source, limit, createWriteStream(file, { flags: "wx", mode: 0o600 }));
  } catch (error) {
    await remove();
    if (error instanceof TooLarge) return fail("import.upload_too_large", { maxBytes });
    if (error instanceof IncompleteMultipart) return fail("import.upload_incomplete");
    throw error;
  }
  const refused = async (code: `${string}.${string}`, params?: Record<string, string | number>) => {
    await remove();
    return fail(code, params);
  };
  if (size === 0) return refused("import.upload_empty");
  const handle = await open(file);
  const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
  await handle.read(head, 0, head.length, 0);
  await handle.close();
  const extension = path.extname(fileName).slice(1).toLowerCase();
  if (head[0] === 0x50 && head[1] === 0x4b) {
    const inspection = await inspectPackage(file);
    if (!inspection.ok) {
      const first = inspection.problems[0]!;
      return refused(first.code, first.params);
    }
    const kind = zipMediaType(inspection.entries.map((e) => e.name));
    if (kind !== MEDIA_TYPES.xlsx && kind !== MEDIA_TYPES.zip) return refused("import.not_a_data_file", { fileName, mediaType: kind });
    if (kind === MEDIA_TYPES.xlsx ? extension !== "xlsx" : extension !== "zip") return refused("import.type_mismatch", { fileName, actual: kind === MEDIA_TYPES.xlsx ? "xlsx" : "zip" });
    return ok({ path: file, size, mediaType: kind, remove });
  }
  const sniffed = await sniffMediaType(head, fileName);
  if (!DATA_TYPES.has(sniffed.mediaType)) {
    return refused(["csv", "tsv", "txt", "json", "jsonl", "xml", "xlsx", "zip"].includes(extension) ? "import.type_mismatch" : "import.not_a_data_file", {
      fileName,
      actual: sniffed.extension,
      mediaType: sniffed.mediaType,
    });
  }
  // lib/erp never resolves entities; refusing them here keeps such a file out of the archive entirely.
  if (sniffed.mediaType === MEDIA_TYPES.xml && DOCTYPE.test(head.toString("latin1"))) return refused("erp.xml_doctype_forbidden");
  return ok({ path: file, size, mediaType: sniffed.mediaType, remove });
}

export const openUpload = (upload: ReceivedUpload) => createReadStream(upload.path);
