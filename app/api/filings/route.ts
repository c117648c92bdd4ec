import { getServiceContext } from "@/app/_server/context";
import { commandTooLarge, toResponse, unauthorized } from "@/app/_server/http";
import { readCommandJson } from "@/app/_server/read-limited";
import { submitFiling } from "@/lib/filing/submit-filing";

export async function POST(req: Request) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  const read = await readCommandJson(req);
  if (read.tooLarge) return commandTooLarge(req);
  const body = read.body;
  const { overrideWarnings, ...scope } = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return toResponse(await submitFiling(ctx, scope, overrideWarnings === undefined ? {} : { overrideWarnings }), req, 201);
}
