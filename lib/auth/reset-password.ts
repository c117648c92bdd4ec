import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { roleAssignments, users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { authorize } from "./authorize";
import { hashPassword, refuseNewPassword } from "./password";

export const ResetPasswordInput = z.object({
  userId: z.uuid(),
  newPassword: z.string().max(256),
  confirmPassword: z.string().max(256),
  // Form posts send "true"/"false" or nothing for an unticked box.
  mustChange: z.union([z.boolean(), z.stringbool()]).default(true),
});

/**
 * A system administrator sets a user's password (三员: account management), for a user who forgot
 * theirs or was locked out. The lockout is lifted, the user's sessions end, and by default the user must
 * choose their own password at the next sign-in, so the administrator never keeps a working one. An
 * administrator changes their own password by proving it (changePassword), never here. The security and
 * audit administrators' accounts are out of reach (三员): a password set here would let the system
 * administrator sign in as the person who grants roles or audits them; a lost one is replaced from
 * the command line (npm run admin:create).
 */
export async function resetPassword(ctx: ServiceContext, raw: unknown): Promise<Result<{ username: string; mustChange: boolean }>> {
  const input = ResetPasswordInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.users")) return fail("auth.forbidden");
  const { userId, newPassword, confirmPassword, mustChange } = input.data;
  if (ctx.actor?.userId === userId) return fail("admin.cannot_reset_own_password");

  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ username: users.username }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) return fail("auth.user_not_found");
    const [admin] = await tx
      .select({ role: roleAssignments.role })
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, userId), inArray(roleAssignments.role, ["secadmin", "auditadmin"])))
      .limit(1);
    if (admin) return fail("admin.cannot_reset_other_admin", { role: admin.role });
    const refused = refuseNewPassword(newPassword, confirmPassword, user.username);
    if (refused) return refused;
    const now = ctx.now();
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: now, mustChangePassword: mustChange, failedAttempts: 0, lockedUntil: null, updatedAt: now })
      .where(eq(users.id, userId));
    await appendAudit(tx, ctx, { action: "user.password_reset", targetType: "user", targetId: userId, data: { username: user.username, mustChange } });
    return ok({ username: user.username, mustChange });
  });
}
