import { getServiceContext } from "@/app/_server/context";
import { toResponse, unauthorized } from "@/app/_server/http";
import { createErpConnector } from "@/lib/erp/connectors/create-erp-connector";
import { listErpConnectors } from "@/lib/erp/connectors/list-erp-connectors";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  return toResponse(await listErpConnectors(ctx), req);
}

export async function POST(req: Request) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  const body: unknown = await req.json().catch(() => null);
  return toResponse(await createErpConnector(ctx, body), req, 201);
}
