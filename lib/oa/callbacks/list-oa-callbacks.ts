import { and, desc, eq, gte, like, lt, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { oaCallbacks, oaConnectors } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

const ListInput = z.object({
  connectorId: z.uuid(),
  /** The last callback of the previous page, by receive time (ISO) and id: callbacks arrive many to a millisecond. */
  before: z.iso.datetime().optional(),
  beforeId: z.uuid().optional(),
  /** Only what needs the administrator: refused by verification or by the approvals engine, or answered with an error. */
  problems: z.union([z.boolean(), z.stringbool()]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type OaCallbackView = Omit<typeof oaCallbacks.$inferSelect, "replayKey" | "receivedAt"> & { receivedAt: string };

/** Every callback a connector received, newest first: what arrived, whether it verified, what it did. */
export async function listOaCallbacks(
  ctx: ServiceContext,
  raw: unknown,
): Promise<Result<{ items: OaCallbackView[]; next: { before: string; beforeId: string } | null }>> {
  const input = ListInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { connectorId, before, beforeId, problems, limit } = input.data;
  const [connector] = await ctx.db.select({ fondsId: oaConnectors.fondsId }).from(oaConnectors).where(eq(oaConnectors.id, connectorId));
  if (!connector) return fail("oa.connector_not_found");
  if (!authorize(ctx, "admin.connectors", connector.fondsId)) return fail("auth.forbidden");
  const rows = await ctx.db
    .select()
    .from(oaCallbacks)
    .where(and(eq(oaCallbacks.connectorId, connectorId), olderThan(before, beforeId), problems ? PROBLEMS : undefined))
    .orderBy(desc(oaCallbacks.receivedAt), desc(oaCallbacks.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(({ replayKey: _replayKey, receivedAt, ...row }) => ({ ...row, receivedAt: receivedAt.toISOString() }));
  const last = items.at(-1);
  return ok({ items, next: rows.length > limit && last ? { before: last.receivedAt, beforeId: last.id } : null });
}

// A refusal the OA is answered 200 for (already decided elsewhere) is still a disagreement to look at, and so
// is an approval the OA revoked after Acta acted on it.
const PROBLEMS = or(ne(oaCallbacks.verification, "verified"), gte(oaCallbacks.httpStatus, 300), like(oaCallbacks.outcome, "refused:%"), eq(oaCallbacks.outcome, "revoked_in_oa"));

function olderThan(before: string | undefined, beforeId: string | undefined) {
  if (!before) return undefined;
  if (!beforeId) return lt(oaCallbacks.receivedAt, new Date(before));
  return sql`(${oaCallbacks.receivedAt}, ${oaCallbacks.id}) < (${before}::timestamptz, ${beforeId}::uuid)`;
}
