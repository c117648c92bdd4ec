import { and, eq, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { notifications, roleAssignments, users } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";

export interface NotificationInput {
  /** A message key (`approval.notification.<kind>`); the inbox renders it with `params`. */
  kind: string;
  params: Record<string, string | number>;
  link: string;
  at: Date;
}

/** In-app notice to everyone who holds `role` in the fonds, or installation-wide when `fondsId` is null (active users only). */
export async function notifyRole(tx: DbOrTx, fondsId: string | null, role: Role, input: NotificationInput): Promise<number> {
  const holders = await tx
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, role), fondsId ? or(eq(roleAssignments.fondsId, fondsId), isNull(roleAssignments.fondsId)) : isNull(roleAssignments.fondsId), eq(users.isActive, true)));
  if (holders.length === 0) return 0;
  await tx.insert(notifications).values(holders.map((h) => ({ userId: h.userId, kind: input.kind, params: input.params, link: input.link, createdAt: input.at })));
  return holders.length;
}

export async function notifyUser(tx: DbOrTx, userId: string, input: NotificationInput): Promise<void> {
  await tx.insert(notifications).values({ userId, kind: input.kind, params: input.params, link: input.link, createdAt: input.at });
}

export const approvalLink = (approvalId: string) => `/approvals/${approvalId}`;
