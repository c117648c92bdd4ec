import { type Placeholder, type SQL, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { statement } from "@/db/statement";
import { users } from "@/db/schema";
import type { Actor, RoleGrant } from "@/lib/context";

/**
 * The actor as the database knows it now: grants are read per request, so a revoked role takes effect at
 * once. One round trip (the grants come back as JSON beside the user), since every page and callback pays it.
 */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  return (await userById(db, { id: userId }))?.actor ?? null;
}

/**
 * The active user a condition on `users` selects (e.g. through an OA account mapping), as an actor, with
 * the language saved on the account (an embedded page speaks it).
 */
export async function loadActorWhere(db: DbOrTx, condition: SQL | undefined): Promise<(Actor & { locale: string }) | null> {
  return withLocale(await loadUserWhere(db, condition));
}

/**
 * The actor behind a browser session that began at `signedInAt` (epoch ms; null for a session older than
 * the claim): null once the password changed after it, so a changed or reset password ends every
 * session opened with the old one, and null once the sessions were ended after it (endSessions).
 * `mustChangePassword` tells the pages to ask for a new one first; `locale` is the language saved on the account.
 */
export async function loadSessionActor(db: DbOrTx, userId: string, signedInAt: number | null): Promise<(Actor & { mustChangePassword: boolean; locale: string }) | null> {
  const user = await userById(db, { id: userId });
  if (!user) return null;
  const endedAt = Math.max(user.passwordChangedAt?.getTime() ?? 0, user.sessionsEndedAt?.getTime() ?? 0);
  if (endedAt > 0 && (signedInAt === null || signedInAt < endedAt)) return null;
  return { ...user.actor, mustChangePassword: user.mustChangePassword, locale: user.locale };
}

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  isActive: users.isActive,
  passwordChangedAt: users.passwordChangedAt,
  sessionsEndedAt: users.sessionsEndedAt,
  mustChangePassword: users.mustChangePassword,
  locale: users.locale,
  grants: sql<RoleGrant[]>`coalesce((select json_agg(json_build_object('role', ra.role, 'fondsId', ra.fonds_id)) from role_assignments ra where ra.user_id = "users"."id"), '[]'::json)`,
};

type UserRow = Pick<typeof users.$inferSelect, Exclude<keyof typeof userColumns, "grants">> & { grants: RoleGrant[] };

function toUser(user: UserRow | undefined) {
  if (!user || !user.isActive) return null;
  const actor: Actor = { userId: user.id, username: user.username, displayName: user.displayName, grants: user.grants };
  return { actor, passwordChangedAt: user.passwordChangedAt, sessionsEndedAt: user.sessionsEndedAt, mustChangePassword: user.mustChangePassword, locale: user.locale };
}

async function loadUserWhere(db: DbOrTx, condition: SQL | undefined) {
  const [user] = await db.select(userColumns).from(users).where(condition).limit(1);
  return toUser(user);
}

/** The condition on `users` a built-once lookup selects by, over its placeholders. */
type UserWhere<K extends string> = (db: DbOrTx, placeholders: { readonly [P in K]: Placeholder<P> }) => SQL | undefined;

function userStatement<K extends string>(name: string, keys: readonly K[], where: UserWhere<K>) {
  const select = statement(keys, (db, p) => db.select(userColumns).from(users).where(where(db, p)).limit(1).prepare(name));
  return async (db: DbOrTx, values: { readonly [P in K]: unknown }) => toUser((await select(db, values))[0]);
}

const withLocale = (user: ReturnType<typeof toUser>) => (user ? { ...user.actor, locale: user.locale } : null);

/**
 * The active user a condition with placeholders selects, as `loadActorWhere` gives it, built once
 * (db/statement.ts): for the lookups every callback pays.
 */
export function actorStatement<K extends string>(name: string, keys: readonly K[], where: UserWhere<K>) {
  const user = userStatement(name, keys, where);
  return async (db: DbOrTx, values: { readonly [P in K]: unknown }): Promise<(Actor & { locale: string }) | null> => withLocale(await user(db, values));
}

// Every signed-in page, action and route loads its actor by id.
const userById = userStatement("user_by_id", ["id"], (_, p) => eq(users.id, p.id));
