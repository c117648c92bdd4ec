import { z } from "zod";
import { archivalCodeRules } from "@/db/schema";
import { exampleCode } from "@/lib/archive/codes/render-code";
import { parseTemplate } from "@/lib/archive/codes/template";
import { RECORD_CATEGORIES } from "@/lib/archive/retention/schedules";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

export const UpdateCodeRuleInput = z.object({
  fondsId: z.uuid(),
  category: z.enum(RECORD_CATEGORIES),
  template: z.string().trim().min(1).max(200),
});

/**
 * Saves a fonds' archival code rule (档号规则) for one category after parsing it (DA/T 94 8.7, DA/T 13), and
 * answers an example code so the archivist sees what codes will look like. Codes already given never change.
 */
export async function updateCodeRule(ctx: ServiceContext, raw: unknown): Promise<Result<{ template: string; example: string }>> {
  const input = UpdateCodeRuleInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { fondsId, category, template } = input.data;
  if (!authorize(ctx, "rules.manage", fondsId)) return fail("auth.forbidden");
  const parsed = parseTemplate(template);
  if (!parsed.ok) return parsed;
  const example = exampleCode(parsed.value, category);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    await tx
      .insert(archivalCodeRules)
      .values({ fondsId, category, template, updatedAt: now })
      .onConflictDoUpdate({ target: [archivalCodeRules.fondsId, archivalCodeRules.category], set: { template, updatedAt: now } });
    await appendAudit(tx, ctx, { action: "rules.code_rule_updated", targetType: "fonds", targetId: fondsId, fondsId, data: { category, template, example } });
    return ok({ template, example });
  });
}
