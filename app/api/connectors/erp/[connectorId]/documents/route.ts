import { toResponse } from "@/app/_server/http";
import { pushDocument } from "@/lib/erp/import/push-document";
import { connectorCaller } from "../../_server/caller";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const { connectorId } = await params;
  const caller = await connectorCaller(req, connectorId);
  if ("response" in caller) return caller.response;
  const body: unknown = await req.json().catch(() => null);
  const result = await pushDocument(caller.ctx, { connectorId, body });
  return toResponse(result, req, result.ok && result.value.outcome === "created" ? 201 : 200);
}
