import { desc } from "drizzle-orm";
import { auditAnchors } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import type { AnchorRecord } from "./anchor-audit-chain";

/**
 * The newest anchor the database recorded, for the audit page to say how recent the protection is. Only a
 * display: verification holds the chain to the anchor file, never to this table (ADR 0018).
 */
export async function lastAuditAnchor(ctx: ServiceContext): Promise<Result<AnchorRecord | null>> {
  if (!authorize(ctx, "audit.read_admin")) return fail("auth.forbidden");
  const [last] = await ctx.db
    .select({ seq: auditAnchors.seq, anchoredAt: auditAnchors.anchoredAt, entryId: auditAnchors.entryId, entryHash: auditAnchors.entryHash, entryCount: auditAnchors.entryCount })
    .from(auditAnchors)
    .orderBy(desc(auditAnchors.seq))
    .limit(1);
  return ok(last ?? null);
}
