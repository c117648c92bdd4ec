import { type SQL, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { fonds, roleAssignments, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { groupBy } from "@/lib/group-by";
import { authorize } from "./authorize";
import type { Role } from "./roles";

export interface UserGrant {
  role: Role;
  fondsId: string | null;
  fondsCode: string | null;
}

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  isActive: boolean;
  lockedUntil: Date | null;
  /** An administrator set the password; the user has not chosen their own yet. */
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  grants: UserGrant[];
}

/**
 * Every account with its roles per fonds. The system administrator manages accounts and the
 * security administrator grants roles (三员), so both read this list; neither sees archive content.
 */
export async function listUsers(ctx: ServiceContext): Promise<Result<UserSummary[]>> {
  if (!authorize(ctx, "admin.users") && !authorize(ctx, "admin.roles")) return fail("auth.forbidden");
  const [rows, grants] = await Promise.all([
    ctx.db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        email: users.email,
        isActive: users.isActive,
        lockedUntil: users.lockedUntil,
        mustChangePassword: users.mustChangePassword,
        lastLoginAt: users.lastLoginAt,
        createdAt: users.createdAt,
      })
      .from(users)
      .orderBy(asc(users.username)),
    grantsByUser(ctx.db),
  ]);
  return ok(rows.map((u) => ({ ...u, grants: grants.get(u.id) ?? [] })));
}

/** Roles with the code of the fonds each holds in, per user (all users, or those `where` selects). */
export async function grantsByUser(db: DbOrTx, where?: SQL): Promise<Map<string, UserGrant[]>> {
  const grants = await db
    .select({ userId: roleAssignments.userId, role: roleAssignments.role, fondsId: roleAssignments.fondsId, fondsCode: fonds.code })
    .from(roleAssignments)
    .leftJoin(fonds, eq(fonds.id, roleAssignments.fondsId))
    .where(where)
    .orderBy(asc(roleAssignments.role), asc(fonds.code));
  return groupBy(grants, (g) => g.userId, (g): UserGrant => ({ role: g.role, fondsId: g.fondsId, fondsCode: g.fondsCode }));
}
