import { type SQL, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { users } from "@/db/schema";
import type { Actor, RoleGrant } from "@/lib/context";

/**
 * The actor as the database knows it now: grants are read per request, so a revoked role takes effect at
 * once. One round trip (the grants come back as JSON beside the user), since every page and callback pays it.
 */
export function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  return loadActorWhere(db, eq(users.id, userId));
}

/** The active user a condition on `users` selects (e.g. through an OA account mapping), as an actor. */
export async function loadActorWhere(db: DbOrTx, condition: SQL | undefined): Promise<Actor | null> {
  const [user] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      isActive: users.isActive,
      grants: sql<RoleGrant[]>`coalesce((select json_agg(json_build_object('role', ra.role, 'fondsId', ra.fonds_id)) from role_assignments ra where ra.user_id = "users"."id"), '[]'::json)`,
    })
    .from(users)
    .where(condition)
    .limit(1);
  if (!user || !user.isActive) return null;
  return { userId: user.id, username: user.username, displayName: user.displayName, grants: user.grants };
}
