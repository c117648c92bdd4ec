import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { roleAssignments, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { authorize } from "./authorize";
import { type UserGrant, grantsByUser } from "./list-users";

export interface Account {
  id: string;
  username: string;
  displayName: string;
  /** False for users who only sign in through SSO: they have no password in Acta to change. */
  hasPassword: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: Date | null;
  lastLoginAt: Date | null;
  lockedUntil: Date | null;
  isActive: boolean;
  grants: UserGrant[];
}

/** One account as its owner sees it, or as the system administrator who manages accounts does. */
export async function getAccount(ctx: ServiceContext, userId: string): Promise<Result<Account>> {
  if (!z.uuid().safeParse(userId).success) return fail("auth.user_not_found");
  if (ctx.actor?.userId !== userId && !authorize(ctx, "admin.users")) return fail("auth.forbidden");
  const [[user], grants] = await Promise.all([
    ctx.db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        hasPassword: sql<boolean>`${users.passwordHash} is not null`,
        mustChangePassword: users.mustChangePassword,
        passwordChangedAt: users.passwordChangedAt,
        lastLoginAt: users.lastLoginAt,
        lockedUntil: users.lockedUntil,
        isActive: users.isActive,
      })
      .from(users)
      .where(eq(users.id, userId)),
    grantsByUser(ctx.db, eq(roleAssignments.userId, userId)),
  ]);
  if (!user) return fail("auth.user_not_found");
  return ok({ ...user, grants: grants.get(userId) ?? [] });
}
