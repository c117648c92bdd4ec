import { type SQL, and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { alertKindEnum, alerts, fonds, records, users } from "@/db/schema";
import { can, fondsWith } from "@/lib/auth/permissions";
import type { Actor, ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

/** Read from the database enum, so a kind added there is listed and filterable without a second copy here. */
export const ALERT_KINDS = alertKindEnum.enumValues;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Alerts about the store and its bytes, which the system administrator acts on (mounting disks, restoring
 * backups). The others (重复报销, retention) are business matters of a fonds.
 */
export const OPERATIONAL_ALERT_KINDS = ["fixity_mismatch", "file_missing", "store_unavailable"] as const satisfies readonly AlertKind[];

/** The params an operator may see: where the bytes live and what they must be; never a file's or voucher's name. */
const OPERATIONAL_PARAMS = ["expected", "actual", "storageKey", "storeKind", "reason", "location"];

/** Where a notice about an alert leads: the alerts page, which every recipient of such a notice may open. */
export const alertLink = (alertId: string) => `/alerts?id=${alertId}`;

const isOperational = (kind: AlertKind) => (OPERATIONAL_ALERT_KINDS as readonly AlertKind[]).includes(kind);

/**
 * Whether the actor may see an alert: a reader of its fonds sees it (an installation-wide reader also those of no
 * fonds); the system administrator sees the operational ones, content aside. The 三员 read no archive content (DA/T 94 E.7.3).
 */
export function maySeeAlert(actor: Actor | null, alert: { kind: AlertKind; fondsId: string | null }): boolean {
  if (!actor) return true;
  return can(actor, "record.read", alert.fondsId) || (isOperational(alert.kind) && can(actor, "admin.system"));
}

/** The fonds' archivist resolves its alerts; the system administrator those about the store, which they repair. */
export function mayResolveAlert(actor: Actor | null, alert: { kind: AlertKind; fondsId: string | null }): boolean {
  if (!actor) return false;
  return can(actor, "alert.resolve", alert.fondsId) || (isOperational(alert.kind) && can(actor, "admin.system"));
}

// Keyset pagination on (created_at, id), both to the microsecond: a page stays the same while new alerts arrive,
// and alerts raised in one transaction (one timestamp) are neither skipped nor shown twice at a page boundary.
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const cursorText = sql<string>`to_char(${alerts.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '~' || ${alerts.id}::text`;
const blank = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema);
const cursor = blank(z.string().regex(CURSOR).optional());

export const ListAlertsInput = z
  .object({
    /** One alert, as a notice links to it. */
    id: blank(z.uuid().optional()),
    fondsId: blank(z.uuid().optional()),
    kind: blank(z.enum(ALERT_KINDS).optional()),
    status: blank(z.enum(["open", "resolved", "all"]).default("open")),
    /** The page of alerts older than this cursor (a page's `nextCursor`). */
    after: cursor,
    /** The page of alerts newer than this cursor (a page's `prevCursor`). */
    before: cursor,
    pageSize: blank(z.coerce.number().int().min(1).max(200).default(50)),
  })
  .refine((i) => !(i.after && i.before), { path: ["before"], message: "after and before together" });

export interface AlertView {
  id: string;
  fondsId: string | null;
  fondsCode: string | null;
  kind: AlertKind;
  recordId: string | null;
  /** Null when the reader may not read the record's fonds: a title and an archival code are archive content. */
  recordTitle: string | null;
  archivalCode: string | null;
  fileId: string | null;
  params: Record<string, string | number>;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedByName: string | null;
  resolutionNote: string | null;
  /** Whether this reader may mark it resolved now. */
  resolvable: boolean;
}

export interface AlertPage {
  items: AlertView[];
  /** Alerts matching the filters, over all pages. */
  total: number;
  nextCursor: string | null;
  prevCursor: string | null;
  pageSize: number;
}

/** Alerts as their reader may see them (`maySeeAlert`), newest first, a page at a time. */
export async function listAlerts(ctx: ServiceContext, raw: unknown = {}): Promise<Result<AlertPage>> {
  const input = ListAlertsInput.safeParse(raw ?? {});
  if (!input.success) return invalid(input.error);
  const { id, fondsId, kind, status, after, before, pageSize } = input.data;
  const readable = fondsWith(ctx.actor, "record.read");
  const operator = !ctx.actor || can(ctx.actor, "admin.system");
  if (!operator && readable !== "all" && readable.length === 0) return fail("auth.forbidden");

  // The same rule as maySeeAlert, as SQL.
  const scopes: SQL[] = [];
  if (!ctx.actor || readable === "all") scopes.push(sql`true`);
  else if (readable.length > 0) scopes.push(inArray(alerts.fondsId, readable));
  if (operator) scopes.push(inArray(alerts.kind, [...OPERATIONAL_ALERT_KINDS]));
  const filters = and(
    or(...scopes),
    id ? eq(alerts.id, id) : undefined,
    fondsId ? eq(alerts.fondsId, fondsId) : undefined,
    kind ? eq(alerts.kind, kind) : undefined,
    status === "open" ? isNull(alerts.resolvedAt) : status === "resolved" ? isNotNull(alerts.resolvedAt) : undefined,
  );
  const at = (c: string) => {
    const [, time, key] = CURSOR.exec(c)!;
    return sql`(${time}::timestamptz, ${key}::uuid)`;
  };
  const position = after ? sql`(${alerts.createdAt}, ${alerts.id}) < ${at(after)}` : before ? sql`(${alerts.createdAt}, ${alerts.id}) > ${at(before)}` : undefined;
  // Newer pages are read upwards from the cursor, then turned newest first again.
  const order = before ? [asc(alerts.createdAt), asc(alerts.id)] : [desc(alerts.createdAt), desc(alerts.id)];

  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({
        id: alerts.id,
        fondsId: alerts.fondsId,
        fondsCode: fonds.code,
        kind: alerts.kind,
        recordId: alerts.recordId,
        recordFondsId: records.fondsId,
        recordTitle: records.title,
        archivalCode: records.archivalCode,
        fileId: alerts.fileId,
        params: alerts.params,
        createdAt: alerts.createdAt,
        resolvedAt: alerts.resolvedAt,
        resolvedByName: users.displayName,
        resolutionNote: alerts.resolutionNote,
        cursor: cursorText,
      })
      .from(alerts)
      .leftJoin(records, eq(records.id, alerts.recordId))
      .leftJoin(fonds, eq(fonds.id, alerts.fondsId))
      .leftJoin(users, eq(users.id, alerts.resolvedBy))
      .where(and(filters, position))
      .orderBy(...order)
      .limit(pageSize + 1),
    ctx.db.select({ n: count() }).from(alerts).where(filters),
  ]);
  const more = rows.length > pageSize;
  const shown = before ? rows.slice(0, pageSize).reverse() : rows.slice(0, pageSize);
  const first = shown[0]?.cursor ?? null;
  const last = shown.at(-1)?.cursor ?? null;

  const items = shown.map(({ recordFondsId, cursor: _, ...row }): AlertView => {
    // An alert may name a record of another fonds (an invoice another fonds' voucher already holds): its title and
    // code are shown only to who may read that fonds. A file's or voucher's name is content of the alert's fonds.
    const readsRecord = recordFondsId === null || !ctx.actor || can(ctx.actor, "record.read", recordFondsId);
    const readsFonds = !ctx.actor || can(ctx.actor, "record.read", row.fondsId);
    return {
      ...row,
      recordTitle: readsRecord ? row.recordTitle : null,
      archivalCode: readsRecord ? row.archivalCode : null,
      params: readsFonds ? row.params : Object.fromEntries(Object.entries(row.params).filter(([k]) => OPERATIONAL_PARAMS.includes(k))),
      resolvable: row.resolvedAt === null && mayResolveAlert(ctx.actor, row),
    };
  });
  return ok({
    items,
    total: total?.n ?? 0,
    // Older alerts exist past a full page read downwards, and always below a page reached by going back up.
    nextCursor: (before ? shown.length > 0 : more) ? last : null,
    // Newer alerts exist above a page reached by going down, and above a page read upwards that was cut short.
    prevCursor: (before ? more : Boolean(after)) ? first : null,
    pageSize,
  });
}
