import { toResponse } from "@/app/_server/http";
import { getImport } from "@/lib/erp/import/get-import";
import { connectorCaller } from "../../../_server/caller";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ connectorId: string; importId: string }> }) {
  const { connectorId, importId } = await params;
  const caller = await connectorCaller(req, connectorId);
  if ("response" in caller) return caller.response;
  return toResponse(await getImport(caller.ctx, { connectorId, importId }), req);
}
