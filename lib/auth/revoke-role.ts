import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { roleAssignments, users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { authorize } from "./authorize";
import { ROLES } from "./roles";

export const RevokeRoleInput = z.object({
  userId: z.uuid(),
  role: z.enum(ROLES),
  fondsId: z.uuid().nullable().default(null),
});

/**
 * Revokes a role (security administrator's duty under 三员). Grants are read per request, so the
 * user loses the role's pages and routes at their next click. Nobody revokes their own role, or a
 * security administrator could strip the installation of the only person able to grant roles.
 */
export async function revokeRole(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string }>> {
  const input = RevokeRoleInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.roles")) return fail("auth.forbidden");
  const { userId, role, fondsId } = input.data;
  if (ctx.actor && ctx.actor.userId === userId) return fail("admin.cannot_revoke_self");

  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) return fail("auth.user_not_found");
    const [row] = await tx
      .delete(roleAssignments)
      .where(
        and(
          eq(roleAssignments.userId, userId),
          eq(roleAssignments.role, role),
          fondsId ? eq(roleAssignments.fondsId, fondsId) : isNull(roleAssignments.fondsId),
        ),
      )
      .returning({ id: roleAssignments.id });
    if (!row) return fail("admin.role_not_granted");
    await appendAudit(tx, ctx, { action: "role.revoked", targetType: "user", targetId: userId, fondsId, data: { role } });
    return ok({ id: row.id });
  });
}
