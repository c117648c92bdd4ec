import { getServiceContext } from "@/app/_server/context";
import { toResponse, unauthorized } from "@/app/_server/http";
import { getFiling } from "@/lib/filing/get-filing";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  return toResponse(await getFiling(ctx, { id: (await params).id }), req);
}
