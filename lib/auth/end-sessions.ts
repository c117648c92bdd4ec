import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { authorize } from "./authorize";

export const EndSessionsInput = z.object({ userId: z.uuid() });

/**
 * Signs a user out on every device, this one included: for a laptop left signed in, a phone lost, or a
 * session someone else may hold. Sessions are JWTs that cannot be revoked one by one, so every session
 * begun before now is refused from the next request on (loadSessionActor). The password stays as it is.
 * Frames the OA embeds keep their own hour-long sessions, which the OA's server opened (ADR 0009); to
 * shut a user out of those too, deactivate the account. Users end their own sessions; a system
 * administrator ends anyone's.
 */
export async function endSessions(ctx: ServiceContext, raw: unknown): Promise<Result<{ username: string }>> {
  const input = EndSessionsInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { userId } = input.data;
  const own = ctx.actor !== null && ctx.actor.userId === userId;
  if (!own && !authorize(ctx, "admin.users")) return fail("auth.forbidden");

  return ctx.db.transaction(async (tx) => {
    const endedAt = ctx.now();
    const [user] = await tx.update(users).set({ sessionsEndedAt: endedAt, updatedAt: endedAt }).where(eq(users.id, userId)).returning({ username: users.username });
    if (!user) return fail("auth.user_not_found");
    await appendAudit(tx, ctx, { action: "auth.sessions_ended", targetType: "user", targetId: userId, data: { username: user.username, own } });
    return ok({ username: user.username });
  });
}
