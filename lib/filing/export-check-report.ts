import { mkdtemp, open, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/append-audit";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { calendarDate } from "@/lib/i18n/calendar-date";
import { LOCALES } from "@/lib/i18n/config";
import { composeCheckReport, loadReportRun } from "./check-report";
import { renderCheckReportPdf } from "./render-check-report-pdf";
import { renderCheckReportXlsx } from "./render-check-report-xlsx";

export const ExportCheckReportInput = z.object({
  runId: z.uuid(),
  format: z.enum(["xlsx", "pdf"]),
  locale: z.enum(LOCALES).default("zh-CN"),
});

const CONTENT_TYPES = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", pdf: "application/pdf" } as const;

export interface ExportedReport {
  /** The finished file, already removed from the disk: reading it to its end, or destroying it, closes it. */
  body: Readable;
  size: number;
  fileName: string;
  contentType: string;
}

/**
 * The downloadable check report of one run (XLSX or PDF), listing every DA/T 70 item and result. It is
 * written whole to a private temporary file before anything is sent: a failure is an error answer, never a
 * truncated download, and a year's run never sits in memory.
 */
export async function exportCheckReport(ctx: ServiceContext, raw: unknown): Promise<Result<ExportedReport>> {
  const input = ExportCheckReportInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { runId, format, locale } = input.data;
  const run = await loadReportRun(ctx.db, runId);
  if (!run || (ctx.actor && !can(ctx.actor, "record.read", run.fondsId) && !can(ctx.actor, "filing.submit", run.fondsId))) return fail("filing.check_run_not_found");
  const dir = await mkdtemp(path.join(os.tmpdir(), "acta-report-"));
  const discard = () => rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, `report.${format}`);
    const report = await composeCheckReport(ctx.db, run, locale);
    await (format === "xlsx" ? renderCheckReportXlsx(report, file) : renderCheckReportPdf(report, file));
    const { size } = await stat(file);
    // The report lists the period's records by title and code: a copy leaving Acta is on the trail, as a catalogue is.
    await ctx.db.transaction((tx) => appendAudit(tx, ctx, { action: "filing.check_report_exported", targetType: "check_run", targetId: runId, fondsId: run.fondsId, data: { format, locale } }));
    // Opened, then removed: the open file is read to its end, and nothing is left behind however the download ends.
    const handle = await open(file);
    await discard();
    const body = handle.createReadStream();
    return ok({ body, size, fileName: `check-report-${calendarDate(run.startedAt)}-${runId.slice(0, 8)}.${format}`, contentType: CONTENT_TYPES[format] });
  } catch (e) {
    await discard();
    throw e;
  }
}
