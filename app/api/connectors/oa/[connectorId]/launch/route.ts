import { toResponse } from "@/app/_server/http";
import { bearerKey } from "@/lib/crypto/api-key";
import { issueLaunchLink } from "@/lib/oa/embed/issue-launch-link";
import { oaServerContext, publicBaseUrl } from "../../_server/system-context";

export async function POST(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const body = (await req.json().catch(() => ({}))) as Record<string, unknown>;
  const result = await issueLaunchLink(oaServerContext(req), {
    ...body,
    connectorId: (await params).connectorId,
    apiKey: bearerKey(req.headers.get("authorization")),
    publicBaseUrl: publicBaseUrl(req),
  });
  return toResponse(result, req);
}
