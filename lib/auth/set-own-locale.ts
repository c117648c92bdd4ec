import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { LOCALES } from "@/lib/i18n/config";

export const SetOwnLocaleInput = z.object({ locale: z.enum(LOCALES) });

/**
 * The signed-in user's language, kept on the account so it follows them to every browser (the header's
 * switcher, or the one an administrator chose when creating the account). A choice equal to the saved
 * one changes nothing and writes nothing.
 */
export async function setOwnLocale(ctx: ServiceContext, raw: unknown): Promise<Result<{ locale: string; changed: boolean }>> {
  const input = SetOwnLocaleInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const actor = ctx.actor;
  if (!actor) return fail("auth.unauthenticated");
  const { locale } = input.data;
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, actor.userId)).for("update");
    if (!user) return fail("auth.user_not_found");
    if (user.locale === locale) return ok({ locale, changed: false });
    await tx.update(users).set({ locale, updatedAt: ctx.now() }).where(eq(users.id, actor.userId));
    await appendAudit(tx, ctx, { action: "user.locale_changed", targetType: "user", targetId: actor.userId, data: { from: user.locale, to: locale } });
    return ok({ locale, changed: true });
  });
}
