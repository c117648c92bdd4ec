import { getServiceContext } from "@/app/_server/context";
import { toResponse, unauthorized } from "@/app/_server/http";
import { listOaConnectors } from "@/lib/oa/connectors/list-oa-connectors";

export async function GET(req: Request) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  return toResponse(await listOaConnectors(ctx), req);
}
