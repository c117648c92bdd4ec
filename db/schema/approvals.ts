import { index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { approvalKindEnum, approvalStateEnum, decisionEnum, decisionSourceEnum, roleEnum, stepStateEnum } from "./enums";
import { fonds } from "./fonds";

/** One state machine for every kind of request: filing now; loans, destruction and transfer later. */
export const approvalRequests = pgTable(
  "approval_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    fondsId: uuid()
      .notNull()
      .references(() => fonds.id),
    kind: approvalKindEnum().notNull(),
    subjectId: uuid().notNull(),
    title: text().notNull(),
    state: approvalStateEnum().notNull().default("pending"),
    requestedBy: uuid()
      .notNull()
      .references(() => users.id),
    // The OA's instance / to-do id once the outbox created it there.
    externalRef: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("approval_requests_pending_idx").on(t.fondsId, t.state, t.createdAt),
    unique("approval_requests_subject_key").on(t.kind, t.subjectId),
    index("approval_requests_external_idx").on(t.externalRef),
  ],
);

export const approvalSteps = pgTable(
  "approval_steps",
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => approvalRequests.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    role: roleEnum().notNull(),
    state: stepStateEnum().notNull().default("waiting"),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [unique("approval_steps_key").on(t.requestId, t.seq)],
);

/** Every decision that arrived, including refused and repeated ones, so the history shows both sides. */
export const approvalDecisions = pgTable(
  "approval_decisions",
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => approvalRequests.id, { onDelete: "cascade" }),
    stepId: uuid().references(() => approvalSteps.id),
    decision: decisionEnum().notNull(),
    comment: text(),
    source: decisionSourceEnum().notNull(),
    actorId: uuid().references(() => users.id),
    oaUserId: text(),
    externalEventId: text(),
    // recorded | duplicate | refused
    outcome: text().notNull(),
    refusalCode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("approval_decisions_request_idx").on(t.requestId, t.createdAt)],
);
