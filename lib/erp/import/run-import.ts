import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { erpConnectors, imports, storedFiles } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { systemContext } from "@/lib/context";
import { type AppError, type Result, fail, ok } from "@/lib/errors";
import type { FormatChoice } from "@/lib/erp/connectors/connector-input";
import type { FormatId } from "@/lib/erp/formats/types";
import { MEDIA_TYPES } from "@/lib/files/identify";
import { getObjectStore } from "@/lib/storage";
import { fondsRetention } from "./fonds-retention";
import { importPackage } from "./import-package";
import { type ImportCounts, createImportTracker, resetImportReport } from "./import-tracker";
import { importVoucherFile } from "./import-voucher-file";
import type { VoucherTarget } from "./write-vouchers";

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

  const outcome = await (async (): Promise<Result<unknown>> => {
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
    return importVoucherFile(db, ctx, target, { source, fileName: imp.fileName, size: file.size, ...choice }, tracker);
  })();

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
      data: { connectorId: connector.id, fileName: imp.fileName, counts: { ...tracker.counts }, ...(failure ? { failure: failure.code } : {}) },
    });
  });
  return ok({ id: importId, state, counts: { ...tracker.counts }, failure });
}
