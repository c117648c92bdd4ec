import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { notifications } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";

export interface NotificationInput {
  /** A message key (`approval.notification.<kind>`); the inbox renders it with `params`. */
  kind: string;
  params: Record<string, string | number>;
  link: string;
  at: Date;
}

/**
 * In-app notice to everyone who holds one of `roles` in the fonds, or installation-wide when `fondsId` is
 * null (active users only); someone holding several of them is told once.
 */
export async function notifyRole(tx: DbOrTx, fondsId: string | null, roles: Role | readonly Role[], input: NotificationInput): Promise<number> {
  // One statement: the recipients are chosen and notified in the same round trip.
  const scope = fondsId ? sql`(ra.fonds_id = ${fondsId} or ra.fonds_id is null)` : sql`ra.fonds_id is null`;
  const held = sql.join([roles].flat().map((role) => sql`${role}`), sql`, `);
  const sent = await tx.execute(sql`
    insert into notifications (user_id, kind, params, link, created_at)
    select distinct ra.user_id, ${input.kind}, ${JSON.stringify(input.params)}::jsonb, ${input.link}, ${input.at.toISOString()}::timestamptz
    from role_assignments ra join users u on u.id = ra.user_id
    where ra.role in (${held}) and ${scope} and u.is_active
    returning id`);
  return sent.length;
}

export async function notifyUser(tx: DbOrTx, userId: string, input: NotificationInput): Promise<void> {
  await tx.insert(notifications).values({ userId, kind: input.kind, params: input.params, link: input.link, createdAt: input.at });
}

export const approvalLink = (approvalId: string) => `/approvals/${approvalId}`;
