import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { importStateEnum, oaKindEnum } from "./enums";
import { fonds } from "./fonds";
import { storedFiles } from "./records";

export const erpConnectors = pgTable(
  "erp_connectors",
  {
    id: uuid().primaryKey().defaultRandom(),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    name: text().notNull(),
    sourceSystem: text().notNull(),
    formatId: text(),
    // A custom column mapping built in the UI (lib/erp custom format), when formatId is "custom".
    mapping: jsonb().$type<Record<string, unknown>>(),
    // The API key is shown once; only its hash is kept.
    apiKeyHash: text(),
    apiKeyPrefix: text(),
    isActive: boolean().notNull().default(true),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("erp_connectors_fonds_idx").on(t.fondsId)],
);

export const imports = pgTable(
  "imports",
  {
    id: uuid().primaryKey().defaultRandom(),
    connectorId: uuid()
      .notNull()
      .references(() => erpConnectors.id),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    state: importStateEnum().notNull().default("queued"),
    fileName: text().notNull(),
    fileId: uuid().references(() => storedFiles.id),
    formatId: text(),
    detection: jsonb().$type<Record<string, unknown>>(),
    progress: integer().notNull().default(0),
    counts: jsonb()
      .$type<{ rows: number; vouchers: number; created: number; updated: number; unchanged: number; rejected: number; conflicts: number }>()
      .notNull()
      .default({ rows: 0, vouchers: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, conflicts: 0 }),
    failure: jsonb().$type<{ code: string; params?: Record<string, string | number> }>(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    /** Written every half minute by the process running the import: a stale one means that process died. */
    heartbeatAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  // The fonds index serves the workbench's latest imports and the dashboard's last 30 days.
  (t) => [index("imports_connector_idx").on(t.connectorId, t.createdAt), index("imports_fonds_idx").on(t.fondsId, t.createdAt)],
);

export const importErrors = pgTable(
  "import_errors",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    importId: uuid()
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    rowNo: integer(),
    voucherKey: text(),
    field: text(),
    value: text(),
    code: text().notNull(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
  },
  (t) => [index("import_errors_import_idx").on(t.importId, t.id)],
);

/** Replies to push requests by Idempotency-Key, so a retried batch answers the same and writes nothing. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    status: integer().notNull(),
    response: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

export const oaConnectors = pgTable(
  "oa_connectors",
  {
    id: uuid().primaryKey().defaultRandom(),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    kind: oaKindEnum().notNull(),
    name: text().notNull(),
    baseUrl: text(),
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    // AES-256-GCM under ACTA_SECRET_KEY; never returned by any API.
    secretsEncrypted: text(),
    // Masked hints ("••••cret") per secret field, so the admin recognises a secret without seeing it.
    secretHints: jsonb().$type<Record<string, string>>().notNull().default({}),
    apiKeyHash: text(),
    apiKeyPrefix: text(),
    allowedOrigins: jsonb().$type<string[]>().notNull().default([]),
    allowSsoProvisioning: boolean().notNull().default(false),
    isActive: boolean().notNull().default(true),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("oa_connectors_fonds_idx").on(t.fondsId), uniqueIndex("oa_connectors_api_key_idx").on(t.apiKeyHash)],
);

export const oaUserMappings = pgTable(
  "oa_user_mappings",
  {
    connectorId: uuid()
      .notNull()
      .references(() => oaConnectors.id, { onDelete: "cascade" }),
    oaUserId: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.connectorId, t.oaUserId] })],
);

export const oaCallbacks = pgTable(
  "oa_callbacks",
  {
    id: uuid().primaryKey().defaultRandom(),
    connectorId: uuid()
      .notNull()
      .references(() => oaConnectors.id),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    method: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull(),
    bodySha256: text().notNull(),
    verification: text().notNull(),
    eventId: text(),
    outcome: text().notNull(),
    httpStatus: integer().notNull(),
    // The vendor's nonce and timestamp (generic scheme: its signature). A verified request is used once:
    // the unique index turns a replay into a conflict.
    replayKey: text(),
  },
  (t) => [
    index("oa_callbacks_connector_idx").on(t.connectorId, t.receivedAt, t.id),
    index("oa_callbacks_event_idx").on(t.connectorId, t.eventId),
    uniqueIndex("oa_callbacks_replay_key").on(t.connectorId, t.replayKey),
  ],
);

/** Outbound messages to the OA; one per (connector, approval, kind), so nothing is sent twice. */
export const oaOutbox = pgTable(
  "oa_outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    connectorId: uuid()
      .notNull()
      .references(() => oaConnectors.id),
    approvalId: uuid().notNull(),
    /** create: the approval or to-do goes to the OA; complete: the OA's to-dos are closed after the decision. */
    kind: text().$type<"create" | "complete">().notNull(),
    /** pending, sent, dead; cancelled (withdrawn, never sent) when the approval ended before there was anything to send. */
    state: text().$type<"pending" | "sent" | "dead" | "cancelled">().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    externalId: text(),
    /** The OA accounts a create reached: the to-dos its completion must close, whoever approves by then. */
    receivers: jsonb().$type<string[]>(),
    /**
     * A create's earliest try whose outcome is unknown (timeout, reset, 5xx: the OA may have created the
     * instance) that no lookup has settled yet. While set, an OA without an idempotency key is asked for
     * the instance before the create is sent again.
     */
    uncertainSince: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique("oa_outbox_key").on(t.connectorId, t.approvalId, t.kind),
    // A decision looks up the approval's deliveries to close their to-dos.
    index("oa_outbox_approval_idx").on(t.approvalId),
    index("oa_outbox_due_idx").on(t.state, t.nextAttemptAt),
    // A callback naming the OA's own instance id finds its approval through this connector's deliveries.
    index("oa_outbox_external_idx").on(t.connectorId, t.externalId),
  ],
);

/** Embed launch tokens that were redeemed: a launch link opens one frame session, once (jti = JWT id). */
export const oaLaunchTokens = pgTable("oa_launch_tokens", {
  jti: text().primaryKey(),
  connectorId: uuid()
    .notNull()
    .references(() => oaConnectors.id, { onDelete: "cascade" }),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }).notNull(),
});
