import { z } from "zod";
import { appendAudit } from "@/lib/audit/append-audit";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { type TempDownload, tempDownload } from "@/lib/files/temp-download";
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

export interface ExportedReport extends TempDownload {
  fileName: string;
  contentType: string;
}

/**
 * The downloadable check report of one run (XLSX or PDF), listing every DA/T 70 item and result, written
 * whole before anything is sent (tempDownload).
 */
export async function exportCheckReport(ctx: ServiceContext, raw: unknown): Promise<Result<ExportedReport>> {
  const input = ExportCheckReportInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { runId, format, locale } = input.data;
  const run = await loadReportRun(ctx.db, runId);
  if (!run || (ctx.actor && !can(ctx.actor, "record.read", run.fondsId) && !can(ctx.actor, "filing.submit", run.fondsId))) return fail("filing.check_run_not_found");
  const report = await composeCheckReport(ctx.db, run, locale);
  const { body, size } = await tempDownload(`report.${format}`, async (file) => {
    await (format === "xlsx" ? renderCheckReportXlsx(report, file) : renderCheckReportPdf(report, file));
    // The report lists the period's records by title and code: a copy leaving Acta is on the trail, as a catalogue is.
    await ctx.db.transaction((tx) => appendAudit(tx, ctx, { action: "filing.check_report_exported", targetType: "check_run", targetId: runId, fondsId: run.fondsId, data: { format, locale } }));
  });
  return ok({ body, size, fileName: `check-report-${calendarDate(run.startedAt)}-${runId.slice(0, 8)}.${format}`, contentType: CONTENT_TYPES[format] });
}
