import { bodyTooLarge, toResponse } from "@/app/_server/http";
import { readJsonLimited } from "@/app/_server/read-limited";
import { DOCUMENT_BODY_MAX_BYTES } from "@/lib/erp/import/keep-source-document";
import { pushDocument } from "@/lib/erp/import/push-document";
import { connectorCaller } from "../../_server/caller";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const { connectorId } = await params;
  const caller = await connectorCaller(req, connectorId);
  if ("response" in caller) return caller.response;
  const read = await readJsonLimited(req, DOCUMENT_BODY_MAX_BYTES);
  if (read.tooLarge) return bodyTooLarge(DOCUMENT_BODY_MAX_BYTES, req);
  const result = await pushDocument(caller.ctx, { connectorId, body: read.body });
  return toResponse(result, req, result.ok && result.value.outcome === "created" ? 201 : 200);
}
