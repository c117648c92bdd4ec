import { bodyTooLargeError, toResponse } from "@/app/_server/http";
import { readJsonLimited } from "@/app/_server/read-limited";
import { ok } from "@/lib/errors";
import { DOCUMENT_BODY_MAX_BYTES } from "@/lib/erp/import/keep-source-document";
import { bearerKey } from "@/lib/crypto/api-key";
import { receiveOaDocument } from "@/lib/oa/documents/receive-oa-document";
import { oaServerContext } from "../../_server/system-context";

export async function POST(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const result = await receiveOaDocument(oaServerContext(req), {
    connectorId: (await params).connectorId,
    apiKey: bearerKey(req.headers.get("authorization")),
    readBody: async () => {
      const read = await readJsonLimited(req, DOCUMENT_BODY_MAX_BYTES);
      return read.tooLarge ? { ok: false as const, error: bodyTooLargeError(DOCUMENT_BODY_MAX_BYTES) } : ok(read.body);
    },
  });
  return toResponse(result, req, result.ok && result.value.outcome === "created" ? 201 : 200);
}
