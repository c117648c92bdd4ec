import { getServiceContext } from "@/app/_server/context";
import { errorResponse, toResponse, unauthorized } from "@/app/_server/http";
import { previewFile } from "@/lib/erp/preview/preview-file";
import { declaresMoreThan } from "@/lib/http/multipart-file";

export const dynamic = "force-dynamic";

/** Previews are read in memory; larger uploads go straight to the streaming import. */
const PREVIEW_MAX_BYTES = 64 * 1024 * 1024;
const tooLarge = { code: "imports-ui.preview_too_large", params: { maxMiB: PREVIEW_MAX_BYTES / 1024 / 1024 } } as const;

export async function POST(req: Request) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  // formData() holds the whole body in memory: a body declared larger than a preview reads is refused unread.
  if (declaresMoreThan(req.headers, PREVIEW_MAX_BYTES)) return errorResponse(tooLarge, req);
  const form = await req.formData().catch(() => null);
  const file = form?.get("file");
  if (!form || !(file instanceof File)) return errorResponse({ code: "imports-ui.file_required" }, req);
  if (file.size > PREVIEW_MAX_BYTES) return errorResponse(tooLarge, req);
  const mappingText = form.get("mapping");
  let mapping: unknown;
  try {
    mapping = typeof mappingText === "string" && mappingText ? JSON.parse(mappingText) : undefined;
  } catch {
    return errorResponse({ code: "imports-ui.mapping_not_json" }, req);
  }
  const input = {
    connectorId: form.get("connectorId"),
    fileName: form.get("fileName") || file.name,
    formatId: form.get("formatId") || undefined,
    mapping,
    rows: form.get("rows") || undefined,
  };
  return toResponse(await previewFile(ctx, input, new Uint8Array(await file.arrayBuffer())), req);
}
