import { NextResponse } from "next/server";
import { cookies } from "next/headers";
import { getServiceContext } from "@/app/_server/context";
import { errorResponse, unauthorized } from "@/app/_server/http";
import { DEFAULT_LOCALE, LOCALE_COOKIE, isLocale } from "@/lib/i18n/config";
import { exportCheckReport } from "@/lib/filing/export-check-report";

/** GET /api/check-runs/{id}/report.xlsx and …/report.pdf: the check report in the reader's language. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; file: string }> }) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  const { id, file } = await params;
  const format = /^report\.(xlsx|pdf)$/.exec(file)?.[1];
  if (!format) return errorResponse({ code: "filing.check_run_not_found" }, req, 404);
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : /^en\b/i.test(req.headers.get("accept-language") ?? "") ? "en" : DEFAULT_LOCALE;
  const result = await exportCheckReport(ctx, { runId: id, format, locale });
  if (!result.ok) return errorResponse(result.error, req);
  const { bytes, fileName, contentType } = result.value;
  return new NextResponse(Buffer.from(bytes), {
    headers: { "content-type": contentType, "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "private, no-store" },
  });
}
