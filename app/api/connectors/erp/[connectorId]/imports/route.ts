import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { errorResponse, toResponse } from "@/app/_server/http";
import { getEnv } from "@/lib/env";
import { listImports } from "@/lib/erp/import/list-imports";
import { startImport } from "@/lib/erp/import/start-import";
import { declaresMoreThan, multipartBoundary, multipartFile } from "@/lib/http/multipart-file";
import { connectorCaller } from "../../_server/caller";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ connectorId: string }> };

export async function POST(req: Request, { params }: Params) {
  const { connectorId } = await params;
  const caller = await connectorCaller(req, connectorId);
  if ("response" in caller) return caller.response;
  const boundary = multipartBoundary(req.headers.get("content-type"));
  if (!boundary || !req.body) return errorResponse({ code: "import.multipart_required" }, req);
  // A declared length over the limit is refused before a byte is read; an undeclared one is counted.
  const maxBytes = getEnv().ACTA_MAX_UPLOAD_BYTES;
  if (declaresMoreThan(req.headers, maxBytes)) return errorResponse({ code: "import.upload_too_large", params: { maxBytes } }, req);
  const body = Readable.fromWeb(req.body as unknown as NodeReadableStream<Uint8Array>);
  const file = await multipartFile(body, boundary);
  if (!file) return errorResponse({ code: "import.multipart_required" }, req);
  // Optional `formatId` and `mapping` (JSON) fields before the file read this one file another way than the connector's setting.
  let mapping: unknown;
  try {
    mapping = file.fields.mapping ? JSON.parse(file.fields.mapping) : undefined;
  } catch {
    file.content.resume();
    return errorResponse({ code: "imports-ui.mapping_not_json" }, req);
  }
  const started = await startImport(caller.ctx, { connectorId, file: file.content, fileName: file.fileName, formatId: file.fields.formatId, mapping });
  return toResponse(started, req, 202);
}

export async function GET(req: Request, { params }: Params) {
  const { connectorId } = await params;
  const caller = await connectorCaller(req, connectorId);
  if ("response" in caller) return caller.response;
  const limit = new URL(req.url).searchParams.get("limit") ?? undefined;
  return toResponse(await listImports(caller.ctx, { connectorId, limit }), req);
}
