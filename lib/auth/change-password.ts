import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { hashPassword, refuseNewPassword, verifyPassword } from "./password";

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().max(256),
  confirmPassword: z.string().max(256),
});

/**
 * The signed-in user replaces their own password, proving the current one. Every session signed in
 * before the change ends, this one included (lib/auth/load-actor), so a password someone else learnt
 * stops working everywhere at once. A wrong current password is audited and changes nothing else.
 */
export async function changePassword(ctx: ServiceContext, raw: unknown): Promise<Result<{ changedAt: Date }>> {
  const input = ChangePasswordInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const actor = ctx.actor;
  if (!actor) return fail("auth.unauthenticated");
  const { currentPassword, newPassword, confirmPassword } = input.data;
  const refused = refuseNewPassword(newPassword, confirmPassword, actor.username);
  if (refused) return refused;
  if (newPassword === currentPassword) return fail("validation.invalid_input", undefined, { newPassword: "auth.password_unchanged" });

  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).for("update");
    if (!user) return fail("auth.user_not_found");
    if (!user.passwordHash) return fail("auth.no_local_password");
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      await appendAudit(tx, ctx, { action: "auth.password_change_failed", targetType: "user", targetId: actor.userId, data: { reason: "wrong_current_password" } });
      return fail("validation.invalid_input", undefined, { currentPassword: "auth.wrong_current_password" });
    }
    const changedAt = ctx.now();
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: changedAt, mustChangePassword: false, updatedAt: changedAt })
      .where(eq(users.id, actor.userId));
    await appendAudit(tx, ctx, { action: "auth.password_changed", targetType: "user", targetId: actor.userId });
    return ok({ changedAt });
  });
}
