import { createHmac } from "node:crypto";
import { and, eq, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db";
import { signInThrottle, users } from "@/db/schema";
import type { AuditAction } from "@/lib/audit/actions";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { deriveKey } from "@/lib/crypto/derive-key";
import { type Result, fail, ok } from "@/lib/errors";
import { loadActor } from "./load-actor";
import { dummyHash, verifyPassword } from "./password";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;

export const SignInInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** The failure count and lock of an account (`users`) or of a name that is no account (`sign_in_throttle`). */
interface Throttle {
  failedAttempts: number;
  lockedUntil: Date | null;
}

const minutesLocked = (t: Throttle, now: Date) => (t.lockedUntil && t.lockedUntil > now ? Math.ceil((t.lockedUntil.getTime() - now.getTime()) / 60_000) : null);

/** One more wrong password: the fifth in a row locks for 15 minutes and starts the count again. */
function failOnce(t: Throttle, now: Date) {
  const attempts = t.failedAttempts + 1;
  if (attempts >= MAX_FAILED_ATTEMPTS) {
    const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    return { attempts, locked: true, next: { failedAttempts: 0, lockedUntil }, answer: fail("auth.locked", { minutes: LOCK_MINUTES }) };
  }
  return { attempts, locked: false, next: { failedAttempts: attempts, lockedUntil: t.lockedUntil }, answer: fail("auth.invalid_credentials", { remaining: MAX_FAILED_ATTEMPTS - attempts }) };
}

// Keyed, not a plain SHA-256: a password typed into the username field would otherwise sit in the audit trail
// as an unsalted hash, open to a dictionary. Names are matched as accounts are, case aside (the input is trimmed).
const usernameDigest = (username: string) => createHmac("sha256", deriveKey("sign-in-throttle")).update(username.toLowerCase()).digest("hex");

/**
 * Checks a username and password. Five failures in a row lock the account for 15 minutes; while
 * locked, even the right password is refused, and every attempt is audited. A name that is no usable
 * account (unknown, deactivated, SSO-only) is counted and locked the same way, with the same answers and
 * the same password hashing, so nothing a caller sees tells which usernames exist.
 */
export async function signIn(
  ctx: Omit<ServiceContext, "db" | "actor"> & { db: Db },
  raw: unknown,
): Promise<Result<{ userId: string }>> {
  const parsed = SignInInput.safeParse(raw);
  if (!parsed.success) return fail("auth.invalid_credentials");
  const { username, password } = parsed.data;
  const now = ctx.now();
  // The dummy hash is made once per process. Started by any sign-in, not only a refused name's, so the
  // first name that is no account does not take an extra hash's time where an account would not.
  void dummyHash();

  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`)
      .for("update");
    if (!user || !user.passwordHash || !user.isActive) return refuseNoAccount(tx, ctx, user ? { username, reason: "inactive", userId: user.id } : { username, reason: "unknown_user" }, password, now);

    const audit = (action: AuditAction, data: Record<string, unknown>) =>
      appendAudit(tx, { ...ctx, actor: null }, { action, targetType: "user", targetId: user.id, data: { username, ...data } });
    const minutes = minutesLocked(user, now);
    if (minutes !== null) {
      await audit("auth.sign_in_refused_locked", { lockedUntil: user.lockedUntil!.toISOString() });
      return fail("auth.locked", { minutes });
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const step = failOnce(user, now);
      await tx.update(users).set({ ...step.next, updatedAt: now }).where(eq(users.id, user.id));
      if (step.locked) await audit("auth.account_locked", { attempts: step.attempts, lockedUntil: step.next.lockedUntil!.toISOString() });
      else await audit("auth.sign_in_failed", { reason: "wrong_password", attempts: step.attempts });
      return step.answer;
    }
    await tx
      .update(users)
      .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: now, updatedAt: now })
      .where(eq(users.id, user.id));
    await appendAudit(tx, { ...ctx, actor: await loadActor(tx, user.id) }, { action: "auth.signed_in", targetType: "user", targetId: user.id });
    return ok({ userId: user.id });
  });
}

/**
 * The refusal of a name that is no usable account, step for step as an account's wrong password (lock
 * checked first, then a password hash verified, then the count), with its count in `sign_in_throttle`.
 * The audit entry says what happened; a deactivated account is named, but a name that is no account is
 * kept only as its digest, since it may be a password typed into the wrong field.
 */
async function refuseNoAccount(
  tx: Tx,
  ctx: Omit<ServiceContext, "db" | "actor">,
  who: { username: string; reason: "inactive"; userId: string } | { username: string; reason: "unknown_user" },
  password: string,
  now: Date,
): Promise<Result<never>> {
  const digest = usernameDigest(who.username);
  // Creates the row or locks the one there, in one statement: concurrent attempts under one name queue here.
  const [row] = await tx
    .insert(signInThrottle)
    .values({ usernameDigest: digest, updatedAt: now })
    .onConflictDoUpdate({ target: signInThrottle.usernameDigest, set: { updatedAt: sql`${signInThrottle.updatedAt}` } })
    .returning();
  const audit = (action: AuditAction, data: Record<string, unknown>) =>
    appendAudit(tx, { ...ctx, actor: null }, {
      action,
      targetType: "user",
      targetId: "userId" in who ? who.userId : undefined,
      data: { ...("userId" in who ? { username: who.username } : { usernameDigest: digest }), reason: who.reason, ...data },
    });
  const minutes = minutesLocked(row!, now);
  if (minutes !== null) {
    await audit("auth.sign_in_refused_locked", { lockedUntil: row!.lockedUntil!.toISOString() });
    return fail("auth.locked", { minutes });
  }
  await verifyPassword(await dummyHash(), password);
  const step = failOnce(row!, now);
  // Spent rows (lock over, count back to zero) tell no more than no row. Those another attempt holds are
  // skipped, not waited for: two attempts pruning each other's rows would deadlock.
  const spent = tx
    .select({ digest: signInThrottle.usernameDigest })
    .from(signInThrottle)
    .where(and(eq(signInThrottle.failedAttempts, 0), lte(signInThrottle.lockedUntil, now)))
    .for("update", { skipLocked: true });
  await Promise.all([
    tx.update(signInThrottle).set({ ...step.next, updatedAt: now }).where(eq(signInThrottle.usernameDigest, digest)),
    tx.delete(signInThrottle).where(sql`${signInThrottle.usernameDigest} in (${spent})`),
  ]);
  await audit("auth.sign_in_failed", { attempts: step.attempts, ...(step.locked ? { lockedUntil: step.next.lockedUntil!.toISOString() } : {}) });
  return step.answer;
}
