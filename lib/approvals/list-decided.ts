import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { approvalDecisions, approvalRequests, users } from "@/db/schema";
import { fondsWith } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";

export const DECIDED_PAGE_SIZE = 50;

export const ListDecidedInput = z.object({ page: z.coerce.number().int().min(1).max(1000).default(1) });

const requester = alias(users, "requester");
const decider = alias(users, "decider");

/**
 * Requests that have ended (approved, rejected, cancelled) in the fonds where the actor approves, newest
 * decision first, each with the decision that ended it: the approver's record of what they signed off,
 * whether it was decided in Acta or in the OA.
 */
export async function listDecidedApprovals(ctx: ServiceContext, raw: unknown = {}) {
  const input = ListDecidedInput.safeParse(raw ?? {});
  if (!input.success) return invalid(input.error);
  if (!ctx.actor) return fail("auth.unauthenticated");
  const scope = fondsWith(ctx.actor, "approval.decide");
  if (scope !== "all" && scope.length === 0) return ok({ items: [], page: input.data.page, hasMore: false });
  const requests = await ctx.db
    .select({
      id: approvalRequests.id,
      fondsId: approvalRequests.fondsId,
      kind: approvalRequests.kind,
      title: approvalRequests.title,
      state: approvalRequests.state,
      createdAt: approvalRequests.createdAt,
      decidedAt: approvalRequests.decidedAt,
      requesterName: requester.displayName,
    })
    .from(approvalRequests)
    .innerJoin(requester, eq(requester.id, approvalRequests.requestedBy))
    .where(and(ne(approvalRequests.state, "pending"), scope === "all" ? undefined : inArray(approvalRequests.fondsId, scope)))
    // A request ended without a decision time (none so far) goes last rather than first.
    .orderBy(sql`${approvalRequests.decidedAt} desc nulls last`, desc(approvalRequests.id))
    .limit(DECIDED_PAGE_SIZE + 1)
    .offset((input.data.page - 1) * DECIDED_PAGE_SIZE);
  const page = requests.slice(0, DECIDED_PAGE_SIZE);
  const decisions = page.length
    ? await ctx.db
        .select({
          requestId: approvalDecisions.requestId,
          decision: approvalDecisions.decision,
          source: approvalDecisions.source,
          comment: approvalDecisions.comment,
          deciderName: decider.displayName,
          oaUserId: approvalDecisions.oaUserId,
        })
        .from(approvalDecisions)
        .leftJoin(decider, eq(decider.id, approvalDecisions.actorId))
        .where(and(inArray(approvalDecisions.requestId, page.map((r) => r.id)), eq(approvalDecisions.outcome, "recorded")))
        .orderBy(desc(approvalDecisions.createdAt), desc(approvalDecisions.id))
    : [];
  // The newest recorded decision of a request is the one that ended it.
  const last = new Map<string, (typeof decisions)[number]>();
  for (const d of decisions) if (!last.has(d.requestId)) last.set(d.requestId, d);
  const items = page.map((r) => {
    const d = last.get(r.id);
    return { ...r, decision: d ? { decidedBy: d.deciderName ?? d.oaUserId ?? null, source: d.source, comment: d.comment } : null };
  });
  return ok({ items, page: input.data.page, hasMore: requests.length > DECIDED_PAGE_SIZE });
}

export type DecidedApproval = Extract<Awaited<ReturnType<typeof listDecidedApprovals>>, { ok: true }>["value"]["items"][number];
