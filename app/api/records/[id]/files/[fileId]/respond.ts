import "server-only";
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
  const { body, fileName, mediaType, watermarked } = result.value;
  // Only renditions are shown inline; anything else (XML, OFD…) is saved, never rendered by the browser.
  const shown = disposition === "inline" && watermarked ? "inline" : "attachment";
  return new Response(Buffer.from(body), {
    headers: {
      "Content-Type": mediaType,
      "Content-Length": String(body.byteLength),
      "Content-Disposition": `${shown}; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
      "X-Acta-Watermarked": watermarked ? "1" : "0",
    },
  });
}
