import { toResponse } from "@/app/_server/http";
import { bearerKey } from "@/lib/crypto/api-key";
import { receiveOaDocument } from "@/lib/oa/documents/receive-oa-document";
import { oaServerContext } from "../../_server/system-context";

export async function POST(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const result = await receiveOaDocument(oaServerContext(req), {
    connectorId: (await params).connectorId,
    apiKey: bearerKey(req.headers.get("authorization")),
    readBody: () => req.json().catch(() => null),
  });
  return toResponse(result, req, result.ok && result.value.outcome === "created" ? 201 : 200);
}
