import { toResponse } from "@/app/_server/http";
import { bearerKey } from "@/lib/crypto/api-key";
import { searchForOaUser } from "@/lib/oa/embed/search-for-oa-user";
import { oaServerContext } from "../../_server/system-context";

export async function GET(req: Request, { params }: { params: Promise<{ connectorId: string }> }) {
  const url = new URL(req.url);
  const { user, ...query } = Object.fromEntries(url.searchParams);
  const result = await searchForOaUser(oaServerContext(req), {
    connectorId: (await params).connectorId,
    apiKey: bearerKey(req.headers.get("authorization")),
    user: user ?? null,
    query,
  });
  return toResponse(result, req);
}
