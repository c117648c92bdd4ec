import { commandTooLarge, errorResponse, toResponse } from "@/app/_server/http";
import { readCommandJson } from "@/app/_server/read-limited";
import { bearerKey } from "@/lib/crypto/api-key";
import { authenticateOaServer } from "@/lib/oa/connectors/load-oa-runtime";
import { issueLaunchLink } from "@/lib/oa/embed/issue-launch-link";
import { oaServerContext, publicBaseUrl } from "../../_server/system-context";

export async function POST(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const ctx = oaServerContext(req);
  const connectorId = (await params).connectorId;
  const apiKey = bearerKey(req.headers.get("authorization"));
  // The key first: a caller without it must not make the server read (and buffer) a body of any size.
  const caller = await authenticateOaServer(ctx.db, connectorId, apiKey);
  if (!caller.ok) return errorResponse(caller.error, req);
  const read = await readCommandJson(req);
  if (read.tooLarge) return commandTooLarge(req);
  const body = typeof read.body === "object" && read.body !== null ? (read.body as Record<string, unknown>) : {};
  const result = await issueLaunchLink(ctx, { ...body, connectorId, apiKey, publicBaseUrl: publicBaseUrl(req) });
  return toResponse(result, req);
}
