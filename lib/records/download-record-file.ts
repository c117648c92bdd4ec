import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordFiles, records, storedFiles } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { raiseFixityAlerts } from "@/lib/fixity/raise-fixity-alerts";
import { TIME_ZONE } from "@/lib/i18n/config";
import { getObjectStore } from "@/lib/storage";
import { DigestMismatchError, type ReadFound, readVerified } from "@/lib/storage/read-verified";
import { RENDERED_TYPES, watermarkPdf } from "./watermark-pdf";

export const DownloadRecordFileInput = z.object({
  recordId: z.uuid(),
  fileId: z.uuid(),
  // inline: shown in the browser's preview; attachment: saved by the user.
  disposition: z.enum(["inline", "attachment"]).default("inline"),
});

export interface RecordFileContent {
  fileName: string;
  mediaType: string;
  /**
   * The bytes. A rendition was made from an original checked first; an original not rendered (of another type, or too large)
   * streams from the store, checked as it goes, and fails before its last bytes if they are not the ones fixed at ingest.
   */
  body: Readable;
  /** The body's length in bytes, to be sent as Content-Length: a client then sees a stream cut short as failed. */
  size: number;
  /** True when the body is the watermarked PDF rendition rather than the original bytes. */
  watermarked: boolean;
}

/**
 * The largest original made into a watermarked rendition. Rendering holds the original, the parsed document and the
 * rendition in memory (several times the file); a larger original goes out as stored, streamed and checked as it
 * goes, as an original that cannot be rendered does (ADR 0017).
 */
export const RENDITION_MAX_BYTES = 32 * 1024 * 1024;

const stampTime = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });

/** Who opened the file and when, in Beijing time, as every page of the rendition shows it. */
export function watermarkText(ctx: Pick<ServiceContext, "actor" | "now">): string {
  const who = ctx.actor ? `${ctx.actor.displayName} ${ctx.actor.username}` : "Acta";
  return `${who} · ${stampTime.format(ctx.now())} (UTC+8) · Acta`;
}

/**
 * One file of a record for preview or download. PDFs and images go out as a PDF rendition watermarked
 * with the viewer's name and the time (DA/T 94 E.6.2); the stored original stays bit-exact for fixity.
 * Other formats (XML, OFD, archives) go out as stored. Either way the use is written to the audit trail
 * (record.file_previewed / record.file_downloaded). Files of records the actor may not read are "not
 * found", so their existence does not leak.
 *
 * The trail names the SHA-256 fixed at ingest, so the bytes are held to it (and to the recorded size): a
 * rendition's original is read whole anyway to render it, so it is checked before anything is sent and a damaged
 * one refused; other files may be large and are streamed, checked as they go, and cut short before their last
 * bytes when they do not match. Either way damage raises the fixity audit's alert (its archivists and the system
 * administrators told) and a record.file_damage_found entry. A PDF or image over `renditionMaxBytes` is not rendered:
 * it streams as stored, so no download holds more than that in memory.
 */
export async function downloadRecordFile(ctx: ServiceContext, raw: unknown, deps: { renditionMaxBytes?: number } = {}): Promise<Result<RecordFileContent>> {
  const input = DownloadRecordFileInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { recordId, fileId, disposition } = input.data;
  const [row] = await ctx.db
    .select({ fondsId: records.fondsId, fileName: recordFiles.fileName, storedFileId: storedFiles.id, mediaType: storedFiles.mediaType, storageKey: storedFiles.storageKey, sha256: storedFiles.sha256, size: storedFiles.size })
    .from(recordFiles)
    .innerJoin(records, eq(records.id, recordFiles.recordId))
    .innerJoin(storedFiles, eq(storedFiles.id, recordFiles.fileId))
    .where(and(eq(recordFiles.id, fileId), eq(recordFiles.recordId, recordId)));
  if (!row || (ctx.actor && !can(ctx.actor, "record.read", row.fondsId))) return fail("records-ui.file_not_found");
  const store = getObjectStore();
  const rendered = RENDERED_TYPES.has(row.mediaType) && row.size <= (deps.renditionMaxBytes ?? RENDITION_MAX_BYTES);
  const expected = { sha256: row.sha256, size: row.size };
  const reportDamage = (outcome: "refused" | "aborted" | "missing", found: ReadFound | null) =>
    ctx.db.transaction(async (tx) => {
      const kind = found ? "fixity_mismatch" : "file_missing";
      await raiseFixityAlerts(tx, { fileId: row.storedFileId, sha256: row.sha256, storageKey: row.storageKey, kind, actual: found?.sha256 ?? null }, ctx.now());
      await appendAudit(tx, ctx, {
        action: "record.file_damage_found",
        targetType: "record",
        targetId: recordId,
        fondsId: row.fondsId,
        data: { fileId, fileName: row.fileName, disposition, outcome, expected, found },
      });
    });
  // Bytes gone from under a record are lost evidence, reported as the fixity audit reports them.
  if (!(await store.exists(row.storageKey))) {
    await reportDamage("missing", null);
    return fail("records-ui.stored_file_not_found");
  }
  const damageFound = (outcome: "refused" | "aborted") => (found: ReadFound) => reportDamage(outcome, found);
  const audited = (content: RecordFileContent) =>
    ctx.db.transaction((tx) =>
      appendAudit(tx, ctx, {
        action: disposition === "inline" ? "record.file_previewed" : "record.file_downloaded",
        targetType: "record",
        targetId: recordId,
        fondsId: row.fondsId,
        // Checked before sending, or while sending: a damage entry for this file then follows this one.
        data: { fileId, fileName: row.fileName, sha256: row.sha256, watermarked: content.watermarked, verified: rendered ? "before_sending" : "while_sending" },
      }),
    );

  const source = await store.open(row.storageKey);
  const stream = readVerified(source, expected, damageFound(rendered ? "refused" : "aborted"));
  if (!rendered) {
    const content: RecordFileContent = { fileName: row.fileName, mediaType: row.mediaType, body: stream, size: row.size, watermarked: false };
    // Recorded before any byte goes out; a trail that failed to take the entry hands out nothing.
    await audited(content).catch((e: unknown) => {
      // Nothing has been read yet, so the check never started and cannot close the file itself.
      source.destroy();
      stream.destroy();
      throw e;
    });
    return ok(content);
  }
  const original = await buffer(stream).catch((e: unknown) => {
    if (e instanceof DigestMismatchError) return null;
    throw e;
  });
  if (!original) return fail("records-ui.stored_file_damaged");
  const rendition = await watermarkPdf(original, row.mediaType, watermarkText(ctx));
  const bytes = rendition ?? original;
  const content: RecordFileContent = {
    fileName: rendition ? row.fileName.replace(/\.[^.]*$/, "") + ".pdf" : row.fileName,
    mediaType: rendition ? "application/pdf" : row.mediaType,
    body: readBytes(bytes),
    size: bytes.byteLength,
    watermarked: rendition !== null,
  };
  await audited(content);
  return ok(content);
}

function readBytes(bytes: Uint8Array): Readable {
  return Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)], { objectMode: false });
}
