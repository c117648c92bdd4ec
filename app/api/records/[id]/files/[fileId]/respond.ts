import "server-only";
import { Readable } from "node:stream";
import { getServiceContext } from "@/app/_server/context";
import { errorResponse, unauthorized } from "@/app/_server/http";
import { downloadRecordFile } from "@/lib/records/download-record-file";

type Params = { params: Promise<{ id: string; fileId: string }> };

/** The bytes of a record's file (a watermarked rendition for PDFs and images), never cached by the browser. */
export async function respondWithFile(req: Request, { params }: Params, disposition: "inline" | "attachment") {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  const { id, fileId } = await params;
  const result = await downloadRecordFile(ctx, { recordId: id, fileId, disposition });
  if (!result.ok) return errorResponse(result.error, req);
  const { body, size, fileName, mediaType, watermarked } = result.value;
  // Only renditions are shown inline; anything else (XML, OFD…) is saved, never rendered by the browser.
  const shown = disposition === "inline" && watermarked ? "inline" : "attachment";
  // Streamed, not buffered: a body that fails its digest check stops before its last bytes, the connection is
  // dropped, and the declared Content-Length tells the client the download did not complete.
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": mediaType,
      "Content-Length": String(size),
      "Content-Disposition": `${shown}; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
      "X-Acta-Watermarked": watermarked ? "1" : "0",
    },
  });
}
