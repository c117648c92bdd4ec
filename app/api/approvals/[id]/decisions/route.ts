import { getServiceContext } from "@/app/_server/context";
import { commandTooLarge, toResponse, unauthorized } from "@/app/_server/http";
import { readCommandJson } from "@/app/_server/read-limited";
import { decideApproval } from "@/lib/approvals/decide-approval";

export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  const read = await readCommandJson(req);
  if (read.tooLarge) return commandTooLarge(req);
  const body = read.body;
  const { decision, comment } = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return toResponse(await decideApproval(ctx, { approvalId: (await params).id, decision, comment, source: "api" }), req);
}
