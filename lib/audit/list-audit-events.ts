import { type SQL, and, count, desc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, fonds } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined);
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .pipe(z.iso.date().optional());

export const ListAuditEventsInput = z
  .object({
    action: optionalText,
    /** Username, matched case-insensitively as a prefix. */
    actor: optionalText,
    targetType: optionalText,
    targetId: optionalText,
    /** Calendar days in Asia/Shanghai, both inclusive. */
    from: optionalDate,
    to: optionalDate,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(10).max(200).default(50),
  })
  .refine((i) => !i.from || !i.to || i.from <= i.to, { path: ["to"], message: "before from" });

export type AuditEventView = Omit<typeof auditEvents.$inferSelect, "prevHash"> & { fondsCode: string | null };

export interface AuditPage {
  items: AuditEventView[];
  total: number;
  page: number;
  pageSize: number;
  /** What the reader may see, so the page can say it ("administrators' entries", "business entries"). */
  scope: { admin: boolean; business: "all" | string[] | null };
}

/**
 * Reads the audit trail within the reader's 三员 scope (DA/T 94 E.7.3): the audit administrator
 * reads what the system and security administrators did; the security administrator reads business
 * entries; an auditor reads business entries of the fonds where they hold the auditor role.
 */
export async function listAuditEvents(ctx: ServiceContext, raw: unknown): Promise<Result<AuditPage>> {
  const input = ListAuditEventsInput.safeParse(raw ?? {});
  if (!input.success) return invalid(input.error);
  const admin = authorize(ctx, "audit.read_admin");
  const business: AuditPage["scope"]["business"] =
    ctx.actor === null || ctx.actor.grants.some((g) => g.role === "secadmin")
      ? "all"
      : can(ctx.actor, "audit.read_business")
        ? ctx.actor.grants.filter((g) => g.role === "auditor" && g.fondsId).map((g) => g.fondsId as string)
        : null;
  if (!admin && business === null) return fail("auth.forbidden");

  const scopes: SQL[] = [];
  if (admin) scopes.push(inArray(auditEvents.actorAdminRole, ["sysadmin", "secadmin"]));
  if (business === "all") scopes.push(isNull(auditEvents.actorAdminRole));
  else if (business && business.length > 0) scopes.push(and(isNull(auditEvents.actorAdminRole), inArray(auditEvents.fondsId, business))!);
  if (scopes.length === 0) return ok({ items: [], total: 0, page: 1, pageSize: input.data.pageSize, scope: { admin, business } });

  const { action, actor, targetType, targetId, from, to, page, pageSize } = input.data;
  // Days are chosen as the finance department reads them, in Asia/Shanghai (UTC+8, no DST).
  const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
  const nextDay = (day: string) => new Date(dayStart(day).getTime() + 24 * 3600 * 1000);
  const where = and(
    or(...scopes),
    action ? eq(auditEvents.action, action) : undefined,
    actor ? sql`lower(${auditEvents.actorName}) like ${actor.toLowerCase().replace(/[\\%_]/g, "\\$&") + "%"}` : undefined,
    targetType ? eq(auditEvents.targetType, targetType) : undefined,
    targetId ? eq(auditEvents.targetId, targetId) : undefined,
    from ? gte(auditEvents.occurredAt, dayStart(from)) : undefined,
    to ? lt(auditEvents.occurredAt, nextDay(to)) : undefined,
  );
  const [items, [total]] = await Promise.all([
    ctx.db
      .select({
        id: auditEvents.id,
        occurredAt: auditEvents.occurredAt,
        actorId: auditEvents.actorId,
        actorName: auditEvents.actorName,
        actorAdminRole: auditEvents.actorAdminRole,
        fondsId: auditEvents.fondsId,
        fondsCode: fonds.code,
        action: auditEvents.action,
        targetType: auditEvents.targetType,
        targetId: auditEvents.targetId,
        data: auditEvents.data,
        ip: auditEvents.ip,
        userAgent: auditEvents.userAgent,
        hash: auditEvents.hash,
      })
      .from(auditEvents)
      .leftJoin(fonds, eq(fonds.id, auditEvents.fondsId))
      .where(where)
      .orderBy(desc(auditEvents.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ctx.db.select({ n: count() }).from(auditEvents).where(where),
  ]);
  return ok({ items, total: total?.n ?? 0, page, pageSize, scope: { admin, business } });
}
