import { asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { approvalRequests, oaConnectors, oaOutbox } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

const ListInput = z.object({ states: z.array(z.enum(["pending", "sent", "dead", "cancelled"])).min(1).default(["dead", "pending"]) });

export interface OaOutboxView {
  id: string;
  connectorId: string;
  connectorName: string;
  approvalId: string;
  approvalTitle: string;
  kind: "create" | "complete";
  state: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: { code: string; params?: Record<string, string | number> } | null;
  createdAt: string;
}

/** Outbound messages not yet delivered (dead first), for the administrators' dead-letter page. */
export async function listOaOutbox(ctx: ServiceContext, raw: unknown = {}): Promise<Result<OaOutboxView[]>> {
  const input = ListInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.connectors")) return fail("auth.forbidden");
  const rows = await ctx.db
    .select({ message: oaOutbox, connectorName: oaConnectors.name, approvalTitle: approvalRequests.title })
    .from(oaOutbox)
    .innerJoin(oaConnectors, eq(oaConnectors.id, oaOutbox.connectorId))
    .innerJoin(approvalRequests, eq(approvalRequests.id, oaOutbox.approvalId))
    .where(inArray(oaOutbox.state, input.data.states))
    .orderBy(asc(oaOutbox.state), desc(oaOutbox.createdAt), desc(oaOutbox.id))
    .limit(500);
  return ok(
    rows.map(({ message: m, connectorName, approvalTitle }) => ({
      id: m.id,
      connectorId: m.connectorId,
      connectorName,
      approvalId: m.approvalId,
      approvalTitle,
      kind: m.kind,
      state: m.state,
      attempts: m.attempts,
      nextAttemptAt: m.nextAttemptAt.toISOString(),
      lastError: m.lastError ? (JSON.parse(m.lastError) as OaOutboxView["lastError"]) : null,
      createdAt: m.createdAt.toISOString(),
    })),
  );
}
