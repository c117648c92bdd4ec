import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { notifications } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";

export const ListNotificationsInput = z.object({
  unreadOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});

/** The actor's own in-app notifications, newest first; `kind` is a message key rendered with `params`. */
export async function listNotifications(ctx: ServiceContext, raw: unknown = {}) {
  const input = ListNotificationsInput.safeParse(raw ?? {});
  if (!input.success) return invalid(input.error);
  if (!ctx.actor) return fail("auth.unauthenticated");
  const mine = eq(notifications.userId, ctx.actor.userId);
  const rows = await ctx.db
    .select({ id: notifications.id, kind: notifications.kind, params: notifications.params, link: notifications.link, readAt: notifications.readAt, createdAt: notifications.createdAt })
    .from(notifications)
    .where(input.data.unreadOnly ? and(mine, isNull(notifications.readAt)) : mine)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.data.limit);
  return ok(rows);
}
