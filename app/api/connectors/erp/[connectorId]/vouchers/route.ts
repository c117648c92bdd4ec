import { bodyTooLarge, toResponse } from "@/app/_server/http";
import { readJsonLimited } from "@/app/_server/read-limited";
import { PUSH_BODY_MAX_BYTES, pushVouchers } from "@/lib/erp/import/push-vouchers";
import { connectorCaller } from "../../_server/caller";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const { connectorId } = await params;
  const caller = await connectorCaller(req, connectorId);
  if ("response" in caller) return caller.response;
  const read = await readJsonLimited(req, PUSH_BODY_MAX_BYTES);
  if (read.tooLarge) return bodyTooLarge(PUSH_BODY_MAX_BYTES, req);
  return toResponse(await pushVouchers(caller.ctx, { connectorId, idempotencyKey: req.headers.get("idempotency-key"), body: read.body }), req);
}
