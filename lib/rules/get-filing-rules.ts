import { eq } from "drizzle-orm";
import { z } from "zod";
import { archivalCodeRules } from "@/db/schema";
import { exampleCode } from "@/lib/archive/codes/render-code";
import { DEFAULT_CODE_TEMPLATE, parseTemplate } from "@/lib/archive/codes/template";
import { RECORD_CATEGORIES } from "@/lib/archive/retention/schedules";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";
import { loadFondsRules } from "@/lib/filing/fonds-rules";

export const GetFilingRulesInput = z.object({ fondsId: z.uuid() });

/**
 * What the rules pages show for a fonds: its legal schedule with the fonds' own (longer) terms, the archival
 * code rule per category with an example code, the volume size and the check settings in force.
 */
export async function getFilingRules(ctx: ServiceContext, raw: unknown) {
  const input = GetFilingRulesInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { fondsId } = input.data;
  if (ctx.actor && !can(ctx.actor, "rules.manage", fondsId) && !can(ctx.actor, "record.read", fondsId)) return fail("auth.forbidden");
  const rules = await loadFondsRules(ctx.db, fondsId);
  if (!rules.ok) return rules;
  const stored = await ctx.db.select({ category: archivalCodeRules.category, template: archivalCodeRules.template, updatedAt: archivalCodeRules.updatedAt }).from(archivalCodeRules).where(eq(archivalCodeRules.fondsId, fondsId));
  const r = rules.value;
  return ok({
    fonds: { id: r.id, code: r.code, name: r.name },
    schedule: {
      id: r.schedule.id,
      items: r.schedule.items.map((item) => ({ row: item.row, materialType: item.materialType, name: item.name, category: item.category, legal: item.retention, override: r.overrides.retentions?.[item.materialType] ?? null })),
    },
    codeRules: RECORD_CATEGORIES.map((category) => {
      const rule = stored.find((s) => s.category === category);
      const template = rule?.template ?? DEFAULT_CODE_TEMPLATE;
      const parsed = parseTemplate(template);
      return { category, template, example: parsed.ok ? exampleCode(parsed.value, category) : null, updatedAt: rule?.updatedAt ?? null };
    }),
    volumeSize: r.volumeSize,
    checks: r.checkOptions,
    ownRequestsDecidable: r.ownRequestsDecidable,
    canManage: !ctx.actor || can(ctx.actor, "rules.manage", fondsId),
  });
}

export type FilingRulesView = Extract<Awaited<ReturnType<typeof getFilingRules>>, { ok: true }>["value"];
