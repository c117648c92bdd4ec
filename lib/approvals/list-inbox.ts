import { and, asc, eq, ne, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { approvalRequests, approvalSteps, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";
import { ownRequestsDecidableSql } from "./own-requests";

export const ListInboxInput = z.object({ fondsId: z.uuid().optional(), limit: z.number().int().min(1).max(500).default(200) });

/**
 * Pending requests whose current step the actor may decide, oldest first (the approver's to-do list); their
 * own requests only in a fonds that lets requesters decide them (lib/approvals/own-requests).
 */
export async function listInbox(ctx: ServiceContext, raw: unknown = {}) {
  const input = ListInboxInput.safeParse(raw ?? {});
  if (!input.success) return invalid(input.error);
  if (!ctx.actor) return fail("auth.unauthenticated");
  const grants = ctx.actor.grants.map((g) =>
    and(eq(approvalSteps.role, g.role), g.fondsId === null ? undefined : eq(approvalRequests.fondsId, g.fondsId)),
  );
  if (grants.length === 0) return ok([]);
  const where: (SQL | undefined)[] = [
    eq(approvalRequests.state, "pending"),
    eq(approvalSteps.state, "pending"),
    or(...grants),
    or(ne(approvalRequests.requestedBy, ctx.actor.userId), ownRequestsDecidableSql(approvalRequests.fondsId)),
  ];
  if (input.data.fondsId) where.push(eq(approvalRequests.fondsId, input.data.fondsId));
  const rows = await ctx.db
    .select({
      id: approvalRequests.id,
      fondsId: approvalRequests.fondsId,
      kind: approvalRequests.kind,
      subjectId: approvalRequests.subjectId,
      title: approvalRequests.title,
      createdAt: approvalRequests.createdAt,
      requesterName: users.displayName,
      step: { seq: approvalSteps.seq, role: approvalSteps.role },
    })
    .from(approvalRequests)
    .innerJoin(approvalSteps, eq(approvalSteps.requestId, approvalRequests.id))
    .innerJoin(users, eq(users.id, approvalRequests.requestedBy))
    .where(and(...where))
    .orderBy(asc(approvalRequests.createdAt), asc(approvalRequests.id))
    .limit(input.data.limit);
  return ok(rows);
}

export type InboxItem = Extract<Awaited<ReturnType<typeof listInbox>>, { ok: true }>["value"][number];
