import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { fondsRetentionOverrides } from "@/db/schema";
import { validateOverride } from "@/lib/archive/retention/resolve-retention";
import { RETENTIONS } from "@/lib/archive/retention/schedules";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { loadFondsRules } from "@/lib/filing/fonds-rules";

export const SetRetentionOverrideInput = z.object({
  fondsId: z.uuid(),
  materialType: z.string().trim().min(1).max(100),
  /** Null removes the fonds' own term, so the schedule's applies again. */
  retention: z.enum(RETENTIONS).nullable(),
});

/**
 * A fonds keeps a material type longer than its legal schedule says (79号令 Art. 14: periods are minimums);
 * a shorter term is refused. Applies to records filed from now on; filed records keep their expiry.
 */
export async function setRetentionOverride(ctx: ServiceContext, raw: unknown): Promise<Result<{ materialType: string; retention: string | null }>> {
  const input = SetRetentionOverrideInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { fondsId, materialType, retention } = input.data;
  if (!authorize(ctx, "rules.manage", fondsId)) return fail("auth.forbidden");
  return ctx.db.transaction(async (tx) => {
    const rules = await loadFondsRules(tx, fondsId);
    if (!rules.ok) return rules;
    const key = and(eq(fondsRetentionOverrides.fondsId, fondsId), eq(fondsRetentionOverrides.materialType, materialType));
    const previous = rules.value.overrides.retentions?.[materialType] ?? null;
    if (retention === null) {
      await tx.delete(fondsRetentionOverrides).where(key);
    } else {
      const valid = validateOverride(rules.value.schedule, materialType, retention);
      if (!valid.ok) return valid;
      await tx
        .insert(fondsRetentionOverrides)
        .values({ fondsId, materialType, retention, updatedAt: ctx.now() })
        .onConflictDoUpdate({ target: [fondsRetentionOverrides.fondsId, fondsRetentionOverrides.materialType], set: { retention, updatedAt: ctx.now() } });
    }
    await appendAudit(tx, ctx, { action: "rules.retention_override_set", targetType: "fonds", targetId: fondsId, fondsId, data: { materialType, retention, previous } });
    return ok({ materialType, retention });
  });
}
