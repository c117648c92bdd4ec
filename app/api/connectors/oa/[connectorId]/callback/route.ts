import { errorResponse } from "@/app/_server/http";
import { receiveOaCallback } from "@/lib/oa/callbacks/receive-oa-callback";
import { CALLBACK_MAX_BYTES, callbackTooLarge } from "@/lib/oa/http-parts";
import { readTextLimited } from "@/app/_server/read-limited";
import { oaServerContext } from "../../_server/system-context";

// The body must reach the verifier byte for byte: signatures cover the raw text, not parsed JSON.
async function receive(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const rawBody = await readTextLimited(req, CALLBACK_MAX_BYTES);
  if (rawBody === null) return errorResponse(callbackTooLarge().error, req);
  const result = await receiveOaCallback(oaServerContext(req), {
    connectorId: (await params).connectorId,
    request: { method: req.method, url: req.url, headers: Object.fromEntries(req.headers), rawBody },
  });
  if (!result.ok) return errorResponse(result.error, req);
  const { status, headers, body } = result.value;
  return new Response(body, { status, headers });
}

export const POST = receive;
// WeCom verifies the callback URL with a GET carrying echostr.
export const GET = receive;
