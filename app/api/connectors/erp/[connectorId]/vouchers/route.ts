import { toResponse } from "@/app/_server/http";
import { pushVouchers } from "@/lib/erp/import/push-vouchers";
import { connectorCaller } from "../../_server/caller";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const { connectorId } = await params;
  const caller = await connectorCaller(req, connectorId);
  if ("response" in caller) return caller.response;
  const body: unknown = await req.json().catch(() => null);
  return toResponse(await pushVouchers(caller.ctx, { connectorId, idempotencyKey: req.headers.get("idempotency-key"), body }), req);
}
