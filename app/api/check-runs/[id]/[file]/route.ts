import { Readable } from "node:stream";
import { NextResponse } from "next/server";
import { getServiceContext } from "@/app/_server/context";
import { errorResponse, localeOf, unauthorized } from "@/app/_server/http";
import { exportCheckReport } from "@/lib/filing/export-check-report";

/** GET /api/check-runs/{id}/report.xlsx and …/report.pdf: the check report in the reader's language. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; file: string }> }) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  const { id, file } = await params;
  const format = /^report\.(xlsx|pdf)$/.exec(file)?.[1];
  if (!format) return errorResponse({ code: "filing.check_run_not_found" }, req, 404);
  const result = await exportCheckReport(ctx, { runId: id, format, locale: await localeOf(req) });
  if (!result.ok) return errorResponse(result.error, req);
  const { body, size, fileName, contentType } = result.value;
  return new NextResponse(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: { "content-type": contentType, "content-length": String(size), "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "private, no-store" },
  });
}
