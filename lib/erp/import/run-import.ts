import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { erpConnectors, imports, storedFiles } from "@/db/schema";
import { type NotificationInput, notifyRole, notifyUser } from "@/lib/approvals/notify";
import { appendAudit } from "@/lib/audit/append-audit";
import { systemContext } from "@/lib/context";
import { type AppError, type Result, fail, ok } from "@/lib/errors";
import type { FormatChoice } from "@/lib/erp/connectors/connector-input";
import type { FormatId } from "@/lib/erp/formats/types";
import { MEDIA_TYPES } from "@/lib/files/identify";
import { getObjectStore } from "@/lib/storage";
import { fondsRetention } from "./fonds-retention";
import { lockFondsImports } from "./fonds-lock";
import { importPackage } from "./import-package";
import { type ImportCounts, createImportTracker, resetImportReport, zeroCounts } from "./import-tracker";
import { keepImportAlive } from "./import-heartbeat";
import { importVoucherFile } from "./import-voucher-file";
import { importResultPath } from "./result-path";
import type { VoucherTarget } from "./write-vouchers";

/**
 * An earlier import of the same bytes, read the same way by the same connector, that succeeded without
 * a single problem, when no record of the fonds changed since it began other than by its own writes
 * (and none of those since it ended): a voucher-level pass over the file would find every voucher
 * unchanged, so it is not needed. Checked under the fonds' import lock, as a voucher batch is.
 */
async function sameFileImported(db: Db, imp: { id: string; connectorId: string; fondsId: string; fileId: string | null }, readAs: unknown) {
  if (!imp.fileId) return null;
  return db.transaction(async (tx) => {
    await lockFondsImports(tx, imp.fondsId);
    const [earlier] = (await tx.execute(sql`
      select p.id, p.counts, p.format_id, p.detection from imports p
      where p.connector_id = ${imp.connectorId} and p.file_id = ${imp.fileId} and p.id <> ${imp.id} and p.state = 'succeeded'
        and (p.counts->>'rejected')::int = 0 and (p.counts->>'conflicts')::int = 0
        and p.detection->'readAs' = ${JSON.stringify(readAs)}::jsonb
        and not exists (select 1 from import_errors e where e.import_id = p.id)
        and not exists (select 1 from records r where r.fonds_id = p.fonds_id and r.updated_at >= p.started_at
          and (r.import_id is distinct from p.id or r.updated_at > p.finished_at))
      order by p.finished_at desc limit 1`)) as unknown as { id: string; counts: ImportCounts; format_id: string | null; detection: Record<string, unknown> }[];
    return earlier ?? null;
  });
}

export interface ImportRunSummary {
  id: string;
  state: "succeeded" | "failed";
  counts: ImportCounts;
  failure: AppError | null;
}

/**
 * The worker's side of an import: reads the stored upload, imports it and records the outcome. Safe
 * to run again at any point (a retried job, a crash mid-way): the report is rebuilt from scratch and
 * every voucher converges by identity and content hash, so the end state equals an uninterrupted run.
 */
export async function runImport(db: Db, importId: string): Promise<Result<ImportRunSummary>> {
  const ctx = systemContext(db, "acta-worker");
  const [row] = await db
    .select({ imp: imports, connector: erpConnectors, file: storedFiles })
    .from(imports)
    .innerJoin(erpConnectors, eq(erpConnectors.id, imports.connectorId))
    .leftJoin(storedFiles, eq(storedFiles.id, imports.fileId))
    .where(eq(imports.id, importId));
  if (!row) return fail("import.not_found");
  const { imp, connector, file } = row;
  // A job delivered twice after its import finished changes nothing.
  if (imp.state === "succeeded" || imp.state === "failed") {
    return ok({ id: imp.id, state: imp.state, counts: imp.counts, failure: (imp.failure as AppError | null) ?? null });
  }
  await resetImportReport(db, importId, ctx.now());
  const tracker = createImportTracker(db, importId);
  let sameAs: string | null = null;
  const alive = keepImportAlive(db, importId);

  const outcome = await (async (): Promise<Result<unknown>> => {
    // Deactivated while this import waited: the administrator stopped this ERP's data, so it is not read.
    if (!connector.isActive) return fail("import.connector_inactive");
    if (!file) return fail("import.file_missing");
    const retentionOf = await fondsRetention(db, imp.fondsId);
    if (!retentionOf.ok) return retentionOf;
    const retention = retentionOf.value("voucher", "voucher");
    if (!retention.ok) return retention;
    const target: VoucherTarget = { fondsId: imp.fondsId, sourceSystem: connector.sourceSystem, importId, connectorId: connector.id, retention: retention.value };
    const source = await getObjectStore().open(file.storageKey);
    // A format chosen for this file at upload wins over the connector's setting.
    const chosen = (imp.detection as { choice?: FormatChoice } | null)?.choice;
    const choice = chosen ?? { formatId: connector.formatId as FormatId | null, mapping: connector.mapping ?? null };
    if (chosen) tracker.setDetection(chosen.formatId, { choice: chosen });
    if (file.mediaType === MEDIA_TYPES.zip) {
      return importPackage(db, ctx, { target: { ...target, importId }, retentionOf: retentionOf.value, file, fileName: imp.fileName, ...choice }, tracker);
    }
    // How the file is read, kept so a later import of the same bytes can tell it would read them alike.
    const readAs = { formatId: choice.formatId, mapping: choice.mapping };
    const earlier = await sameFileImported(db, imp, readAs);
    if (earlier) {
      source.destroy();
      tracker.setDetection(earlier.format_id, { ...earlier.detection, readAs });
      Object.assign(tracker.counts, zeroCounts(), { rows: earlier.counts.rows, vouchers: earlier.counts.vouchers, unchanged: earlier.counts.vouchers });
      sameAs = earlier.id;
      return ok(null);
    }
    tracker.setDetection(choice.formatId, { readAs });
    return importVoucherFile(db, ctx, target, { source, fileName: imp.fileName, size: file.size, ...choice }, tracker);
  })().finally(alive.stop);

  const state = outcome.ok ? "succeeded" : "failed";
  const failure = outcome.ok ? null : outcome.error;
  await tracker.flush();
  await db.transaction(async (tx) => {
    await tx
      .update(imports)
      .set({ state, progress: 100, counts: { ...tracker.counts }, failure: failure ? { code: failure.code, ...(failure.params ? { params: failure.params } : {}) } : null, finishedAt: ctx.now() })
      .where(eq(imports.id, importId));
    await appendAudit(tx, ctx, {
      action: outcome.ok ? "import.succeeded" : "import.failed",
      targetType: "import",
      targetId: importId,
      fondsId: imp.fondsId,
      data: { connectorId: connector.id, fileName: imp.fileName, counts: { ...tracker.counts }, ...(failure ? { failure: failure.code } : {}), ...(sameAs ? { unchangedSince: sameAs } : {}) },
    });
    // The upload answered at once and its uploader may have moved on: tell them how it ended, with a
    // link to the result. A file an ERP sent with the connector's key has no uploader; its problems go to
    // the fonds' accountants, who correct them in the ERP, and archivists (a clean one is not worth a notice).
    const notice = importNotification(imp, state, tracker.counts, ctx.now());
    if (imp.createdBy) await notifyUser(tx, imp.createdBy, notice);
    else if (notice.kind !== "import.notification.succeeded") await notifyRole(tx, imp.fondsId, ["accountant", "archivist"], notice);
  });
  return ok({ id: importId, state, counts: { ...tracker.counts }, failure });
}

/** Finished, finished with vouchers to correct in the ERP, or failed as a whole. */
function importNotification(imp: { id: string; connectorId: string; fileName: string }, state: "succeeded" | "failed", counts: ImportCounts, at: Date): NotificationInput {
  const problems = counts.rejected + counts.conflicts;
  const kind = state === "failed" ? "failed" : problems > 0 ? "problems" : "succeeded";
  return {
    kind: `import.notification.${kind}`,
    params: { file: imp.fileName, created: counts.created, updated: counts.updated, rejected: counts.rejected, conflicts: counts.conflicts },
    link: importResultPath(imp.connectorId, imp.id),
    at,
  };
}
