import { buffer } from "node:stream/consumers";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordFiles, records, storedFiles } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { TIME_ZONE } from "@/lib/i18n/config";
import { getObjectStore } from "@/lib/storage";
import { watermarkPdf } from "./watermark-pdf";

export const DownloadRecordFileInput = z.object({
  recordId: z.uuid(),
  fileId: z.uuid(),
  // inline: shown in the browser's preview; attachment: saved by the user.
  disposition: z.enum(["inline", "attachment"]).default("inline"),
});

export interface RecordFileContent {
  fileName: string;
  mediaType: string;
  body: Uint8Array;
  /** True when the body is the watermarked PDF rendition rather than the original bytes. */
  watermarked: boolean;
}

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
 */
export async function downloadRecordFile(ctx: ServiceContext, raw: unknown): Promise<Result<RecordFileContent>> {
  const input = DownloadRecordFileInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { recordId, fileId, disposition } = input.data;
  const [row] = await ctx.db
    .select({ fondsId: records.fondsId, fileName: recordFiles.fileName, mediaType: storedFiles.mediaType, storageKey: storedFiles.storageKey, sha256: storedFiles.sha256 })
    .from(recordFiles)
    .innerJoin(records, eq(records.id, recordFiles.recordId))
    .innerJoin(storedFiles, eq(storedFiles.id, recordFiles.fileId))
    .where(and(eq(recordFiles.id, fileId), eq(recordFiles.recordId, recordId)));
  if (!row || (ctx.actor && !can(ctx.actor, "record.read", row.fondsId))) return fail("records-ui.file_not_found");
  const store = getObjectStore();
  if (!(await store.exists(row.storageKey))) return fail("records-ui.stored_file_not_found");
  const original = new Uint8Array(await buffer(await store.open(row.storageKey)));
  const rendition = await watermarkPdf(original, row.mediaType, watermarkText(ctx));
  const content: RecordFileContent = rendition
    ? { fileName: row.fileName.replace(/\.[^.]*$/, "") + ".pdf", mediaType: "application/pdf", body: rendition, watermarked: true }
    : { fileName: row.fileName, mediaType: row.mediaType, body: original, watermarked: false };
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: disposition === "inline" ? "record.file_previewed" : "record.file_downloaded",
      targetType: "record",
      targetId: recordId,
      fondsId: row.fondsId,
      data: { fileId, fileName: row.fileName, sha256: row.sha256, watermarked: content.watermarked },
    }),
  );
  return ok(content);
}
