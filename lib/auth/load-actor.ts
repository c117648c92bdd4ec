import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { roleAssignments, users } from "@/db/schema";
import type { Actor } from "@/lib/context";

/** The actor as the database knows it now: grants are read per request, so a revoked role takes effect at once. */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  const [user] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, isActive: users.isActive })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || !user.isActive) return null;
  const grants = await db
    .select({ role: roleAssignments.role, fondsId: roleAssignments.fondsId })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId));
  return { userId: user.id, username: user.username, displayName: user.displayName, grants };
}
