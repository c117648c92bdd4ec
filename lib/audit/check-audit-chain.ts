import type postgres from "postgres";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { appendAudit } from "./append-audit";
import { type ChainVerdict, verifyAuditChain } from "./verify-chain";

/**
 * The audit administrator's "verify chain": walks the whole trail and holds it to every anchor
 * (lib/audit/verify-chain), and records that the check ran and what it found, so the check itself is on
 * the record (DA/T 94 E.7).
 * `sql` is the raw client the walk streams through with a cursor.
 */
export async function checkAuditChain(ctx: ServiceContext, sql: postgres.Sql): Promise<Result<ChainVerdict>> {
  if (!authorize(ctx, "audit.read_admin")) return fail("auth.forbidden");
  const verdict = await verifyAuditChain(sql);
  const { anchors } = verdict;
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: "audit.chain_verified",
      targetType: "audit_chain",
      data: {
        ok: verdict.ok,
        count: verdict.count,
        lastHash: verdict.lastHash,
        ...(verdict.brokenAt ? { brokenAt: verdict.brokenAt, breakCount: verdict.breakCount, breaks: verdict.breaks } : {}),
        anchors: { checked: anchors.checked, last: anchors.last, ...(anchors.problemCount ? { problemCount: anchors.problemCount, problems: anchors.problems } : {}) },
      },
    }),
  );
  return ok(verdict);
}
