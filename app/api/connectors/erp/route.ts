import { getServiceContext } from "@/app/_server/context";
import { commandTooLarge, toResponse, unauthorized } from "@/app/_server/http";
import { readCommandJson } from "@/app/_server/read-limited";
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
  const read = await readCommandJson(req);
  if (read.tooLarge) return commandTooLarge(req);
  return toResponse(await createErpConnector(ctx, read.body), req, 201);
}
