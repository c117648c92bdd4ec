import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { importErrors, imports } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";
import type { ImportCounts } from "./import-tracker";
import { problemMessage } from "./problem-message";

export const GetImportInput = z.object({ connectorId: z.uuid(), importId: z.uuid() });

export const ERRORS_PAGE = 50;

export interface ImportError {
  row: number | null;
  voucher: string | null;
  field: string | null;
  value: string | null;
  code: string;
  params: Record<string, string | number>;
  message: { "zh-CN": string; en: string };
}

export interface ImportStatus {
  id: string;
  connectorId: string;
  fondsId: string;
  fileName: string;
  state: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  counts: ImportCounts;
  /** The format chosen and why (lib/erp detection), with the reason in both languages. */
  detection: (Record<string, unknown> & { message?: { "zh-CN": string; en: string } }) | null;
  failure: { code: string; params: Record<string, string | number>; message: { "zh-CN": string; en: string } } | null;
  errors: ImportError[];
  errorCount: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Names a voucher the way the clerk looks it up in the ERP: 记-12 (2024-3). */
export function voucherOfParams(params: Record<string, string | number>): string | null {
  return params.word !== undefined && params.no !== undefined && params.word !== "" ? `${params.word}-${params.no}${params.year ? ` (${params.year}-${params.period})` : ""}` : null;
}

export function toImportError(e: typeof importErrors.$inferSelect): ImportError {
  const params = e.params ?? {};
  return { row: e.rowNo, voucher: voucherOfParams(params), field: e.field, value: e.value, code: e.code, params, message: problemMessage(e.code, params) };
}

/** One import as the client polls it: state, progress, counts, detection and the first page of problems. */
export async function getImport(ctx: ServiceContext, raw: unknown): Promise<Result<ImportStatus>> {
  const input = GetImportInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const connector = await loadConnectorForImport(ctx, input.data.connectorId, "read");
  if (!connector.ok) return connector;
  const [imp] = await ctx.db
    .select()
    .from(imports)
    .where(and(eq(imports.id, input.data.importId), eq(imports.connectorId, input.data.connectorId)));
  if (!imp) return fail("import.not_found");
  const [errors, [count]] = await Promise.all([
    ctx.db.select().from(importErrors).where(eq(importErrors.importId, imp.id)).orderBy(asc(importErrors.id)).limit(ERRORS_PAGE),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(importErrors).where(eq(importErrors.importId, imp.id)),
  ]);
  const detection = imp.detection as (Record<string, unknown> & { reason?: string; reasonParams?: Record<string, string | number> }) | null;
  const failure = imp.failure ? { code: imp.failure.code, params: imp.failure.params ?? {}, message: problemMessage(imp.failure.code, imp.failure.params ?? {}) } : null;
  return ok({
    id: imp.id,
    connectorId: imp.connectorId,
    fondsId: imp.fondsId,
    fileName: imp.fileName,
    state: imp.state,
    progress: imp.progress,
    counts: imp.counts,
    detection: detection ? { ...detection, formatId: imp.formatId, ...(detection.reason ? { message: problemMessage(detection.reason, detection.reasonParams ?? {}) } : {}) } : null,
    failure,
    errors: errors.map(toImportError),
    errorCount: count?.n ?? 0,
    createdAt: imp.createdAt,
    startedAt: imp.startedAt,
    finishedAt: imp.finishedAt,
  });
}
