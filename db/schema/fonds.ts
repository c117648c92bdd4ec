import { type AnyPgColumn, boolean, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { categoryEnum, retentionEnum } from "./enums";

/** Per-fonds settings that shape filing; validated by lib/archive before they are stored. */
export interface FondsSettings {
  /** Most vouchers in one volume (组卷); no regulation fixes it, 50 is the common default. */
  volumeSize?: number;
  /** Which DA/T 70 checks run and how; see lib/archive/checks. */
  checks?: Record<string, unknown>;
  /** A requester may decide their own approval requests (lib/approvals/own-requests); off unless set. */
  ownRequestsDecidable?: boolean;
}

export const retentionSchedules = pgTable(
  "retention_schedules",
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    nameZh: text().notNull(),
    nameEn: text().notNull(),
    // The two tables of 会计档案管理办法 (附表1 企业, 附表2 行政事业单位) are legal minimums.
    isLegal: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("retention_schedules_code_key").on(t.code)],
);

export const retentionScheduleItems = pgTable(
  "retention_schedule_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    scheduleId: uuid()
      .notNull()
      .references(() => retentionSchedules.id, { onDelete: "cascade" }),
    seq: smallint().notNull(),
    materialType: text().notNull(),
    category: categoryEnum().notNull(),
    nameZh: text().notNull(),
    nameEn: text().notNull(),
    retention: retentionEnum().notNull(),
    note: text(),
  },
  (t) => [unique("retention_schedule_items_key").on(t.scheduleId, t.materialType)],
);

export const fonds = pgTable(
  "fonds",
  {
    id: uuid().primaryKey().defaultRandom(),
    // 全宗号, e.g. Z001; part of every archival code.
    code: text().notNull(),
    name: text().notNull(),
    nameEn: text(),
    parentId: uuid().references((): AnyPgColumn => fonds.id),
    scheduleId: uuid()
      .notNull()
      .references(() => retentionSchedules.id),
    settings: jsonb().$type<FondsSettings>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("fonds_code_key").on(t.code)],
);

/** A fonds may lengthen a legal period, never shorten it (checked in lib/archive/retention). */
export const fondsRetentionOverrides = pgTable(
  "fonds_retention_overrides",
  {
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id, { onDelete: "cascade" }),
    materialType: text().notNull(),
    retention: retentionEnum().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fondsId, t.materialType] })],
);

export const archivalCodeRules = pgTable(
  "archival_code_rules",
  {
    id: uuid().primaryKey().defaultRandom(),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id, { onDelete: "cascade" }),
    category: categoryEnum().notNull(),
    template: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("archival_code_rules_key").on(t.fondsId, t.category)],
);

/**
 * Gapless counters for archival codes. A row is locked (SELECT … FOR UPDATE) while a filing assigns
 * numbers, so two archivists filing at once get consecutive, distinct numbers.
 */
export const codeSequences = pgTable(
  "code_sequences",
  {
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id, { onDelete: "cascade" }),
    sequenceKey: text().notNull(),
    lastValue: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.fondsId, t.sequenceKey] })],
);
