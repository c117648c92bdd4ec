import { errorResponse } from "@/app/_server/http";
import { importErrorsCsv } from "@/lib/erp/import/import-errors-csv";
import { connectorCaller } from "../../../../_server/caller";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ connectorId: string; importId: string }> }) {
  const { connectorId, importId } = await params;
  const caller = await connectorCaller(req, connectorId);
  if ("response" in caller) return caller.response;
  const csv = await importErrorsCsv(caller.ctx, { connectorId, importId });
  if (!csv.ok) return errorResponse(csv.error, req);
  const encoder = new TextEncoder();
  const lines = csv.value.lines[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="errors.csv"; filename*=UTF-8''${encodeURIComponent(csv.value.fileName)}`,
      "cache-control": "no-store",
    },
  });
}
