import { getServiceContext } from "@/app/_server/context";
import { toResponse, unauthorized } from "@/app/_server/http";
import { submitFiling } from "@/lib/filing/submit-filing";

export async function POST(req: Request) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  const body: unknown = await req.json().catch(() => null);
  const { overrideWarnings, ...scope } = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return toResponse(await submitFiling(ctx, scope, overrideWarnings === undefined ? {} : { overrideWarnings }), req, 201);
}
