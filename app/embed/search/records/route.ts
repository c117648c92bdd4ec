import { toResponse, unauthorized } from "@/app/_server/http";
import { searchRecords } from "@/lib/search/search-records";
import { getEmbedContext } from "../../_server/embed-session";

// GET /api/records for the embedded search: the frame's session cookie is scoped to /embed, so the
// frame's own results come from here, with the same service and the mapped user's permissions.
export async function GET(req: Request) {
  const ctx = await getEmbedContext();
  if (!ctx) return unauthorized(req);
  return toResponse(await searchRecords(ctx, Object.fromEntries(new URL(req.url).searchParams)), req);
}
