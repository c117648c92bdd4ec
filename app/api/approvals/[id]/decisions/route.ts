import { getServiceContext } from "@/app/_server/context";
import { toResponse, unauthorized } from "@/app/_server/http";
import { decideApproval } from "@/lib/approvals/decide-approval";

export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  const body: unknown = await req.json().catch(() => null);
  const { decision, comment } = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return toResponse(await decideApproval(ctx, { approvalId: (await params).id, decision, comment, source: "api" }), req);
}
