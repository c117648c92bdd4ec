import { and, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import { roleAssignments, users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { authorize } from "./authorize";
import { ADMIN_ROLES, ROLES, isAdminRole } from "./roles";

export const GrantRoleInput = z.object({
  userId: z.uuid(),
  role: z.enum(ROLES),
  fondsId: z.uuid().nullable().default(null),
});

/**
 * Grants a role (security administrator's duty under 三员). Business roles are per fonds; the three
 * administrator roles are installation-wide and exclusive: nobody holds two of them.
 */
export async function grantRole(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string }>> {
  const input = GrantRoleInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.roles")) return fail("auth.forbidden");
  const { userId, role, fondsId } = input.data;
  if (isAdminRole(role) && fondsId) return fail("auth.admin_role_is_global");
  if (!isAdminRole(role) && !fondsId) return fail("auth.business_role_needs_fonds");
  if (ctx.actor && ctx.actor.userId === userId) return fail("auth.cannot_grant_self");

  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) return fail("auth.user_not_found");
    if (isAdminRole(role)) {
      const [other] = await tx
        .select({ role: roleAssignments.role })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.userId, userId), inArray(roleAssignments.role, [...ADMIN_ROLES]), ne(roleAssignments.role, role)));
      if (other) return fail("auth.admin_roles_exclusive", { held: other.role });
    }
    const [row] = await tx
      .insert(roleAssignments)
      .values({ userId, role, fondsId, grantedBy: ctx.actor?.userId ?? null, grantedAt: ctx.now() })
      .onConflictDoNothing()
      .returning({ id: roleAssignments.id });
    if (!row) return fail("auth.role_already_granted");
    await appendAudit(tx, ctx, { action: "role.granted", targetType: "user", targetId: userId, fondsId, data: { role } });
    return ok({ id: row.id });
  });
}
