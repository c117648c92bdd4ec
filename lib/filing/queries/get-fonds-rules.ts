import { z } from "zod";
import { exampleCode } from "@/lib/archive/codes/render-code";
import { DEFAULT_CODE_TEMPLATE } from "@/lib/archive/codes/template";
import { resolveRetention } from "@/lib/archive/retention/resolve-retention";
import { RECORD_CATEGORIES } from "@/lib/archive/retention/schedules";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";
import { loadFondsRules } from "@/lib/filing/fonds-rules";

export const FondsRulesInput = z.object({ fondsId: z.uuid() });

/**
 * The filing rules of one fonds as the rules pages show them: every item of its legal retention schedule
 * with the fonds' override and the term in force, and the archival-code template per category with a
 * sample code.
 */
export async function getFondsRules(ctx: ServiceContext, raw: unknown) {
  const input = FondsRulesInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { fondsId } = input.data;
  if (ctx.actor && !can(ctx.actor, "rules.manage", fondsId)) return fail("auth.forbidden");
  const rules = await loadFondsRules(ctx.db, fondsId);
  if (!rules.ok) return rules;
  const { schedule, overrides, codeTemplates } = rules.value;
  const items = schedule.items.map((item) => {
    const resolved = resolveRetention(schedule, overrides, item.materialType);
    return {
      row: item.row,
      materialType: item.materialType,
      name: item.name,
      category: item.category,
      legal: item.retention,
      override: overrides.retentions?.[item.materialType] ?? null,
      effective: resolved.ok ? resolved.value.retention : item.retention,
    };
  });
  const codeRules = RECORD_CATEGORIES.map((category) => {
    const template = codeTemplates[category];
    return {
      category,
      template: template?.source ?? DEFAULT_CODE_TEMPLATE,
      isDefault: !template || template.source === DEFAULT_CODE_TEMPLATE,
      example: template ? exampleCode(template) : null,
    };
  });
  return ok({ fondsId, fondsCode: rules.value.code, schedule: schedule.id, volumeSize: rules.value.volumeSize, items, codeRules });
}

export type FondsRules = Extract<Awaited<ReturnType<typeof getFondsRules>>, { ok: true }>["value"];
