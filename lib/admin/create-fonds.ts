import { eq } from "drizzle-orm";
import { z } from "zod";
import { archivalCodeRules, fonds, retentionSchedules } from "@/db/schema";
import { DEFAULT_CODE_TEMPLATE } from "@/lib/archive/codes/template";
import { RECORD_CATEGORIES } from "@/lib/archive/retention/schedules";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

export const CreateFondsInput = z.object({
  // 全宗号: letters and digits, as DA/T 13 codes use them (e.g. Z001, J019).
  code: z.string().trim().regex(/^[A-Z][A-Z0-9]{1,15}$/),
  name: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().max(200).optional(),
  schedule: z.enum(["enterprise", "public_sector"]).default("enterprise"),
  parentId: z.uuid().optional(),
  volumeSize: z.number().int().min(1).max(1000).default(50),
});

/** Creates a fonds with the legal schedule it follows and the default archival-code rule per category. */
export async function createFonds(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string }>> {
  const input = CreateFondsInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.system")) return fail("auth.forbidden");
  const { schedule, volumeSize, ...data } = input.data;
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: fonds.id }).from(fonds).where(eq(fonds.code, data.code));
    if (existing) return fail("fonds.code_taken", { code: data.code });
    const [sched] = await tx.select({ id: retentionSchedules.id }).from(retentionSchedules).where(eq(retentionSchedules.code, schedule));
    if (!sched) return fail("fonds.schedule_missing", { schedule });
    const [row] = await tx
      .insert(fonds)
      .values({ ...data, scheduleId: sched.id, settings: { volumeSize }, createdAt: ctx.now() })
      .returning({ id: fonds.id });
    const id = row!.id;
    await tx.insert(archivalCodeRules).values(
      RECORD_CATEGORIES.map((category) => ({ fondsId: id, category, template: DEFAULT_CODE_TEMPLATE, updatedAt: ctx.now() })),
    );
    await appendAudit(tx, ctx, { action: "fonds.created", targetType: "fonds", targetId: id, fondsId: id, data: { ...data, schedule } });
    return ok({ id });
  });
}
