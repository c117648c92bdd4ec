import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { authorize } from "./authorize";

export const SetUserActiveInput = z.object({
  userId: z.uuid(),
  // Form posts send "true"/"false"; the stringbool keeps both transports on one schema.
  active: z.union([z.boolean(), z.stringbool()]),
});

/**
 * Deactivates or reactivates an account (system administrator's duty under 三员). Accounts are
 * never deleted: the audit trail names them for as long as the archive lives. An inactive user's
 * session stops working at once, because every request reloads the actor (lib/auth/load-actor).
 */
export async function setUserActive(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string; active: boolean }>> {
  const input = SetUserActiveInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.users")) return fail("auth.forbidden");
  const { userId, active } = input.data;
  if (ctx.actor && ctx.actor.userId === userId) return fail("admin.cannot_deactivate_self");

  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, isActive: users.isActive, username: users.username }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) return fail("auth.user_not_found");
    if (user.isActive === active) return fail(active ? "admin.user_already_active" : "admin.user_already_inactive", { username: user.username });
    // Reactivation also clears a lockout, so the user is not greeted by a stale "locked" message.
    await tx
      .update(users)
      .set({ isActive: active, updatedAt: ctx.now(), ...(active ? { failedAttempts: 0, lockedUntil: null } : {}) })
      .where(eq(users.id, userId));
    await appendAudit(tx, ctx, { action: active ? "user.reactivated" : "user.deactivated", targetType: "user", targetId: userId, data: { username: user.username } });
    return ok({ id: userId, active });
  });
}
