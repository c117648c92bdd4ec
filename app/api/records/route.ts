import { getServiceContext } from "@/app/_server/context";
import { toResponse, unauthorized } from "@/app/_server/http";
import { searchRecords } from "@/lib/search/search-records";

export async function GET(req: Request) {
  const ctx = await getServiceContext();
  if (!ctx) return unauthorized(req);
  return toResponse(await searchRecords(ctx, Object.fromEntries(new URL(req.url).searchParams)), req);
}
