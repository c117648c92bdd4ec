import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { notifications } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

export const MarkNotificationReadInput = z.union([z.object({ id: z.uuid() }), z.object({ all: z.literal(true) })]);

/** Marks one of the actor's notifications (or all of them) read; others' notifications are not found. */
export async function markNotificationRead(ctx: ServiceContext, raw: unknown): Promise<Result<{ marked: number }>> {
  const input = MarkNotificationReadInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const actor = ctx.actor;
  if (!actor) return fail("auth.unauthenticated");
  const data = input.data;
  return ctx.db.transaction(async (tx) => {
    const scope = "id" in data ? and(eq(notifications.userId, actor.userId), eq(notifications.id, data.id)) : eq(notifications.userId, actor.userId);
    if ("id" in data) {
      const [own] = await tx.select({ id: notifications.id }).from(notifications).where(scope);
      if (!own) return fail("approval.notification_not_found");
    }
    const marked = await tx
      .update(notifications)
      .set({ readAt: ctx.now() })
      .where(and(scope, isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    if (marked.length) {
      await appendAudit(tx, ctx, { action: "notification.read", targetType: "user", targetId: actor.userId, data: { count: marked.length, ...("id" in data ? { notificationId: data.id } : {}) } });
    }
    return ok({ marked: marked.length });
  });
}
