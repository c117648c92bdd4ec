import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { checkResults, recordFiles, records, storedFiles, voucherLines, vouchers, volumes } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { can, fondsWith } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";

export const GetRecordInput = z.object({ id: z.uuid() });

/**
 * One record as the archive shows it, for GET /api/records/:id and the OA embed: opening it is a use of the
 * archive (DA/T 94 12.3, E.7), so the view is written to the audit trail like viewRecord's.
 */
export async function getRecord(ctx: ServiceContext, raw: unknown) {
  const found = await loadRecord(ctx, raw);
  if (!found.ok) return found;
  await ctx.db.transaction((tx) => appendAudit(tx, ctx, { action: "record.viewed", targetType: "record", targetId: found.value.id, fondsId: found.value.fondsId }));
  return found;
}

/**
 * One record as the archive shows it: state, code, volume, retention, its latest check results, and
 * for a voucher its header and lines. A record in a fonds the actor may not read is "not found", so its
 * existence does not leak. Not audited: callers that show it to someone write the view (getRecord, viewRecord).
 */
export async function loadRecord(ctx: ServiceContext, raw: unknown) {
  const input = GetRecordInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const readable = fondsWith(ctx.actor, "record.read");
  if (ctx.actor && readable !== "all" && readable.length === 0) return fail("auth.forbidden");
  const db = ctx.db;
  const [row] = await db
    .select({ record: records, volume: { id: volumes.id, volumeNo: volumes.volumeNo, title: volumes.title } })
    .from(records)
    .leftJoin(volumes, eq(volumes.id, records.volumeId))
    .where(eq(records.id, input.data.id));
  if (!row || (ctx.actor && !can(ctx.actor, "record.read", row.record.fondsId))) return fail("record.not_found");
  const { record } = row;
  const [voucher, lines, files, latestChecks] = await Promise.all([
    db.select().from(vouchers).where(eq(vouchers.recordId, record.id)).then((r) => r[0] ?? null),
    db.select().from(voucherLines).where(eq(voucherLines.recordId, record.id)).orderBy(asc(voucherLines.seq)),
    db
      .select({ id: recordFiles.id, fileName: recordFiles.fileName, role: recordFiles.role, size: storedFiles.size, mediaType: storedFiles.mediaType, sha256: storedFiles.sha256, sm3: storedFiles.sm3 })
      .from(recordFiles)
      .innerJoin(storedFiles, eq(storedFiles.id, recordFiles.fileId))
      .where(eq(recordFiles.recordId, record.id))
      .orderBy(asc(recordFiles.seq)),
    latestCheckResults(ctx, record.id),
  ]);
  return ok({
    id: record.id,
    fondsId: record.fondsId,
    category: record.category,
    materialType: record.materialType,
    fiscalYear: record.fiscalYear,
    periodKind: record.periodKind,
    period: record.period,
    title: record.title,
    docDate: record.docDate,
    amount: record.amount,
    state: record.state,
    archivalCode: record.archivalCode,
    volume: row.volume?.id ? row.volume : null,
    itemNo: record.itemNo,
    retention: record.retention,
    retentionExpiresOn: record.retentionExpiresOn,
    checkStatus: record.checkStatus,
    checks: latestChecks,
    storageLocation: record.storageLocation,
    notes: record.notes,
    metadata: record.metadata,
    filedAt: record.filedAt,
    voucher: voucher && { ...voucher, lines },
    files,
  });
}

export type RecordView = Extract<Awaited<ReturnType<typeof loadRecord>>, { ok: true }>["value"];

/** The results of the most recent check run that covered this record. */
async function latestCheckResults(ctx: ServiceContext, recordId: string) {
  const [latest] = await ctx.db
    .select({ runId: checkResults.runId })
    .from(checkResults)
    .where(eq(checkResults.recordId, recordId))
    .orderBy(desc(checkResults.id))
    .limit(1);
  if (!latest) return [];
  return ctx.db
    .select({ runId: checkResults.runId, code: checkResults.code, property: checkResults.property, outcome: checkResults.outcome, detail: checkResults.detail })
    .from(checkResults)
    .where(and(eq(checkResults.runId, latest.runId), eq(checkResults.recordId, recordId)))
    .orderBy(asc(checkResults.id));
}

