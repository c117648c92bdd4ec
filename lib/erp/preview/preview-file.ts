import path from "node:path/posix";
import { z } from "zod";
import type { ServiceContext } from "@/lib/context";
import { type AppError, type Result, fail, invalid, ok } from "@/lib/errors";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";
import type { DetectionResult } from "@/lib/erp/detect-format";
import { ERP_FORMATS } from "@/lib/erp/formats";
import { proposeMapping, type CustomMapping } from "@/lib/erp/formats/custom";
import type { FormatId } from "@/lib/erp/formats/types";
import type { CanonicalLine, VoucherHeader } from "@/lib/erp/model";
import { analyzeLayout, findManifest } from "@/lib/erp/package/layout";
import { readPackageFiles } from "@/lib/erp/package/read-package";
import { parseErpFile } from "@/lib/erp/parse-file";

const FORMAT_IDS = ERP_FORMATS.map((f) => f.id) as [FormatId, ...FormatId[]];

export const PreviewFileInput = z.object({
  connectorId: z.uuid(),
  fileName: z.string().trim().min(1).max(255),
  /** Overrides the connector's saved choice, so the clerk can try a preset before saving it. */
  formatId: z.enum(FORMAT_IDS).optional(),
  mapping: z.unknown().optional(),
  rows: z.coerce.number().int().min(1).max(200).default(20),
});

export interface PreviewRow {
  rowNo: number;
  header: VoucherHeader;
  line: CanonicalLine;
}

export interface PreviewProblem {
  rowNo: number;
  field: string;
  value: string;
  code: string;
  params: Record<string, string | number>;
}

export interface PackageSummary {
  voucherFile: string | null;
  attachments: number;
  invoices: number;
  ledgers: number;
  reports: number;
  unassigned: AppError[];
}

export interface FilePreview {
  detection: DetectionResult;
  /** The first rows as Acta understood them: the canonical line with its voucher's header. */
  rows: PreviewRow[];
  problems: PreviewProblem[];
  /** Rows among those read that the format leaves out (drafts, cancelled documents), as the import will. */
  leftOut: number;
  /** More data followed the rows shown. */
  truncated: boolean;
  /** For a header no preset recognised: a column mapping to start the custom format from. */
  proposedMapping: CustomMapping | null;
  package: PackageSummary | null;
}

/** Preview stops here however many problems a file has: the clerk needs examples, not the whole list. */
const MAX_PROBLEMS = 50;

async function previewData(bytes: Uint8Array, fileName: string, formatId: FormatId | undefined, mapping: unknown, limit: number) {
  const { detection, events } = await parseErpFile({ source: bytes, fileName, formatId, mapping });
  const rows: PreviewRow[] = [];
  const problems: PreviewProblem[] = [];
  let leftOut = 0;
  let truncated = false;
  for await (const e of events) {
    if (rows.length >= limit || problems.length >= MAX_PROBLEMS) {
      truncated = true;
      break;
    }
    if (e.type === "left_out") leftOut += 1;
    else if (e.type === "line") rows.push({ rowNo: e.rowNo, header: e.line.header, line: e.line.line });
    else problems.push({ rowNo: e.rowNo, field: e.field, value: e.value, code: e.code, params: e.params });
  }
  // Proposed for a header no preset knows, and when the clerk picks the custom format before mapping a
  // column: the screen fills its mapping from this answer, so without it every column started unmapped.
  const wanted = !detection.formatId || (formatId === "custom" && mapping === undefined);
  const proposal = wanted && detection.headerCells ? proposeMapping(detection.headerCells) : null;
  return { detection, rows, problems, leftOut, truncated, proposedMapping: proposal?.ok ? proposal.value : null };
}

async function previewPackage(bytes: Uint8Array, fileName: string, formatId: FormatId | undefined, mapping: unknown, limit: number): Promise<Result<FilePreview>> {
  const files = await readPackageFiles(bytes);
  if (!files.ok) return files;
  const names = [...files.value.keys()];
  const manifestPath = findManifest(names);
  const manifestBytes = manifestPath ? files.value.get(manifestPath) : undefined;
  const layout = analyzeLayout(names, manifestPath && manifestBytes ? { path: manifestPath, text: manifestBytes.toString("utf8") } : undefined);
  if (!layout.ok) return layout;
  const l = layout.value;
  const summary: PackageSummary = {
    voucherFile: l.voucherFile ?? null,
    attachments: l.attachments.length,
    invoices: l.attachments.filter((a) => a.kind === "einvoice").length,
    ledgers: l.ledgers.length,
    reports: l.reports.length,
    unassigned: l.unassigned,
  };
  const voucherBytes = l.voucherFile ? files.value.get(l.voucherFile) : undefined;
  if (!l.voucherFile || !voucherBytes) return fail("package.no_voucher_file", { file: fileName });
  const data = await previewData(voucherBytes, path.basename(l.voucherFile), formatId, mapping, limit);
  return ok({ ...data, package: summary });
}

const isZipPackage = (bytes: Uint8Array, fileName: string) => /\.zip$/i.test(fileName) && bytes[0] === 0x50 && bytes[1] === 0x4b;

/**
 * Shows how Acta would read a file before anything is stored: the detected format and why, the
 * first rows as canonical voucher lines and the problems among them. A ZIP package is opened through
 * the same safe reader as an import and its voucher file previewed. Nothing is written.
 */
export async function previewFile(ctx: ServiceContext, raw: unknown, bytes: Uint8Array): Promise<Result<FilePreview>> {
  const input = PreviewFileInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const connector = await loadConnectorForImport(ctx, input.data.connectorId);
  if (!connector.ok) return connector;
  if (bytes.byteLength === 0) return fail("erp.file_malformed", { file: input.data.fileName });
  const formatId = input.data.formatId ?? (connector.value.formatId as FormatId | null) ?? undefined;
  const mapping = input.data.formatId ? input.data.mapping : (input.data.mapping ?? connector.value.mapping ?? undefined);
  if (isZipPackage(bytes, input.data.fileName)) return previewPackage(bytes, input.data.fileName, formatId, mapping, input.data.rows);
  return ok({ ...(await previewData(bytes, input.data.fileName, formatId, mapping, input.data.rows)), package: null });
}
