import { eq } from "drizzle-orm";
import { z } from "zod";
import { fonds } from "@/db/schema";
import { parseCheckOptions } from "@/lib/archive/checks/options";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

export const UpdateFondsFilingSettingsInput = z.object({
  fondsId: z.uuid(),
  /** Most vouchers per volume (组卷); no regulation fixes it, so each fonds chooses (default 50). */
  volumeSize: z.number().int().min(1).max(1000).optional(),
  /**
   * DA/T 70 check settings to change, validated by lib/archive's CheckOptionsSchema; the settings not
   * named keep their stored value (a form shows only some of them).
   */
  checks: z.record(z.string(), z.unknown()).optional(),
  /** Whether requesters may decide their own approval requests (lib/approvals/own-requests). */
  ownRequestsDecidable: z.boolean().optional(),
});

/**
 * A fonds' filing settings: the volume size, the configurable parts of the four-property checks, and
 * whether requesters may decide their own approval requests.
 */
export async function updateFondsFilingSettings(
  ctx: ServiceContext,
  raw: unknown,
): Promise<Result<{ volumeSize: number | null; checks: Record<string, unknown> | null; ownRequestsDecidable: boolean }>> {
  const input = UpdateFondsFilingSettingsInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { fondsId, volumeSize, checks: changed, ownRequestsDecidable } = input.data;
  if (!authorize(ctx, "rules.manage", fondsId)) return fail("auth.forbidden");
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ settings: fonds.settings }).from(fonds).where(eq(fonds.id, fondsId)).for("update");
    if (!row) return fail("fonds.not_found");
    const checks = changed !== undefined ? { ...row.settings.checks, ...changed } : undefined;
    if (checks !== undefined) {
      const parsed = parseCheckOptions(checks);
      if (!parsed.ok) return fail(parsed.error.code, undefined, Object.fromEntries(Object.entries(parsed.error.fields ?? {}).map(([k, v]) => [`checks.${k}`, v])));
    }
    const settings = {
      ...row.settings,
      ...(volumeSize !== undefined ? { volumeSize } : {}),
      ...(checks !== undefined ? { checks } : {}),
      ...(ownRequestsDecidable !== undefined ? { ownRequestsDecidable } : {}),
    };
    await tx.update(fonds).set({ settings }).where(eq(fonds.id, fondsId));
    await appendAudit(tx, ctx, { action: "rules.filing_settings_updated", targetType: "fonds", targetId: fondsId, fondsId, data: { before: row.settings, after: settings } });
    return ok({ volumeSize: settings.volumeSize ?? null, checks: settings.checks ?? null, ownRequestsDecidable: settings.ownRequestsDecidable === true });
  });
}
