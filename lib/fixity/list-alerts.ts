import { type SQL, and, desc, eq, inArray, isNotNull, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { alertKindEnum, alerts, records } from "@/db/schema";
import { can, fondsWith } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";

/** Read from the database enum, so a kind added there is listed and filterable without a second copy here. */
export const ALERT_KINDS = alertKindEnum.enumValues;

/** Where a notice about an alert leads: the alerts page, which every recipient of such a notice may open. */
export const alertLink = (alertId: string) => `/alerts?id=${alertId}`;

export const ListAlertsInput = z.object({
  fondsId: z.uuid().optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  /** Open (unresolved) alerts only, the default. */
  open: z.boolean().default(true),
  limit: z.number().int().min(1).max(500).default(100),
});

/**
 * Alerts as their readers may see them: the archivists (and other readers) of a fonds see its alerts; the
 * system administrator sees every alert, including those about files no record uses.
 */
export async function listAlerts(ctx: ServiceContext, raw: unknown = {}) {
  const input = ListAlertsInput.safeParse(raw ?? {});
  if (!input.success) return invalid(input.error);
  const { fondsId, kind, open, limit } = input.data;
  const admin = !ctx.actor || can(ctx.actor, "admin.system");
  const readable = fondsWith(ctx.actor, "record.read");
  if (!admin && readable !== "all" && readable.length === 0) return fail("auth.forbidden");
  const where: (SQL | undefined)[] = [
    fondsId ? eq(alerts.fondsId, fondsId) : undefined,
    kind ? eq(alerts.kind, kind) : undefined,
    open ? isNull(alerts.resolvedAt) : undefined,
    admin || readable === "all" ? undefined : and(isNotNull(alerts.fondsId), inArray(alerts.fondsId, readable)),
  ];
  const rows = await ctx.db
    .select({
      id: alerts.id,
      fondsId: alerts.fondsId,
      kind: alerts.kind,
      recordId: alerts.recordId,
      recordFondsId: records.fondsId,
      recordTitle: records.title,
      archivalCode: records.archivalCode,
      fileId: alerts.fileId,
      params: alerts.params,
      createdAt: alerts.createdAt,
      resolvedAt: alerts.resolvedAt,
    })
    .from(alerts)
    .leftJoin(records, eq(records.id, alerts.recordId))
    .where(and(...where, or(isNull(alerts.recordId), isNotNull(records.id))))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(limit);
  // An alert may name a record of another fonds (an invoice another fonds' voucher already holds): its title
  // and code are archive content, shown only to who may read that fonds (and never to the 三员 as such).
  return ok(
    rows.map(({ recordFondsId, ...row }) =>
      recordFondsId === null || !ctx.actor || can(ctx.actor, "record.read", recordFondsId) ? row : { ...row, recordTitle: null, archivalCode: null },
    ),
  );
}

export type AlertView = Extract<Awaited<ReturnType<typeof listAlerts>>, { ok: true }>["value"][number];
