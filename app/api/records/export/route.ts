import { Readable } from "node:stream";
import { getServiceContext } from "@/app/_server/context";
import { errorResponse, unauthorized } from "@/app/_server/http";
import { exportRecords } from "@/lib/search/export-records";

export const dynamic = "force-dynamic";

// The browse page's "export" link: the same query parameters as GET /api/records, plus `locale` for the sheet's words.
export async function GET(req: Request) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  const result = await exportRecords(ctx, Object.fromEntries(new URL(req.url).searchParams));
  if (!result.ok) return errorResponse(result.error, req);
  const { body, size, fileName } = result.value;
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-length": String(size),
      "content-disposition": `attachment; filename="catalogue.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "cache-control": "no-store",
    },
  });
}
