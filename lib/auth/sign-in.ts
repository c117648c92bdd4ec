import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import type { AuditAction } from "@/lib/audit/actions";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { loadActor } from "./load-actor";
import { dummyHash, verifyPassword } from "./password";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;

export const SignInInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

/**
 * Checks a username and password. Five failures in a row lock the account for 15 minutes; while
 * locked, even the right password is refused, and every attempt is audited.
 */
export async function signIn(
  ctx: Omit<ServiceContext, "db" | "actor"> & { db: Db },
  raw: unknown,
): Promise<Result<{ userId: string }>> {
  const parsed = SignInInput.safeParse(raw);
  if (!parsed.success) return fail("auth.invalid_credentials");
  const { username, password } = parsed.data;
  const now = ctx.now();

  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`)
      .for("update");
    const audit = (action: AuditAction, data: Record<string, unknown>, userId?: string) =>
      appendAudit(tx, { ...ctx, actor: null }, { action, targetType: "user", targetId: userId, data: { username, ...data } });

    if (!user || !user.passwordHash || !user.isActive) {
      await verifyPassword(await dummyHash(), password);
      await audit("auth.sign_in_failed", { reason: user ? "inactive" : "unknown_user" }, user?.id);
      return fail("auth.invalid_credentials");
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await audit("auth.sign_in_refused_locked", { lockedUntil: user.lockedUntil.toISOString() }, user.id);
      return fail("auth.locked", { minutes: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000) });
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const attempts = user.failedAttempts + 1;
      if (attempts >= MAX_FAILED_ATTEMPTS) {
        const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
        await tx.update(users).set({ failedAttempts: 0, lockedUntil, updatedAt: now }).where(sql`${users.id} = ${user.id}`);
        await audit("auth.account_locked", { attempts, lockedUntil: lockedUntil.toISOString() }, user.id);
        return fail("auth.locked", { minutes: LOCK_MINUTES });
      }
      await tx.update(users).set({ failedAttempts: attempts, updatedAt: now }).where(sql`${users.id} = ${user.id}`);
      await audit("auth.sign_in_failed", { reason: "wrong_password", attempts }, user.id);
      return fail("auth.invalid_credentials", { remaining: MAX_FAILED_ATTEMPTS - attempts });
    }
    await tx
      .update(users)
      .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: now, updatedAt: now })
      .where(sql`${users.id} = ${user.id}`);
    await appendAudit(tx, { ...ctx, actor: await loadActor(tx, user.id) }, { action: "auth.signed_in", targetType: "user", targetId: user.id });
    return ok({ userId: user.id });
  });
}
