import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { roleEnum } from "./enums";
import { fonds } from "./fonds";

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    username: text().notNull(),
    displayName: text().notNull(),
    email: text(),
    // Null for users who only sign in through SSO.
    passwordHash: text(),
    locale: text().notNull().default("zh-CN"),
    isActive: boolean().notNull().default(true),
    failedAttempts: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    // Sessions signed in before this moment are over: a changed or reset password signs out everywhere.
    passwordChangedAt: timestamp({ withTimezone: true }),
    // Sessions signed in before this moment are over too: the user or an administrator signed them all out.
    sessionsEndedAt: timestamp({ withTimezone: true }),
    // Set when an administrator chose the password: the user must choose their own before anything else.
    mustChangePassword: boolean().notNull().default(false),
    oidcIssuer: text(),
    oidcSubject: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("users_username_key").on(t.username),
    unique("users_oidc_key").on(t.oidcIssuer, t.oidcSubject),
    index("users_lower_username_idx").on(sql`lower(${t.username})`),
  ],
);

/**
 * Roles are granted per fonds. The three separated administrators (三员) are granted with fondsId null,
 * meaning the whole installation; a database trigger keeps one person from holding two of them.
 */
export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fondsId: uuid().references(() => fonds.id, { onDelete: "cascade" }),
    role: roleEnum().notNull(),
    grantedBy: uuid().references(() => users.id),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("role_assignments_unique").on(t.userId, t.fondsId, t.role).nullsNotDistinct(),
    index("role_assignments_fonds_role_idx").on(t.fondsId, t.role),
  ],
);

export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    link: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.readAt, t.createdAt)],
);

/**
 * Failed sign-ins under a name that is no usable account (unknown, deactivated, or SSO-only), counted and
 * locked exactly as `users` counts and locks an account's, so neither answer nor lockout tells which names
 * exist. Keyed by an HMAC of the lowercased name, never the name: people type passwords into the username
 * field. A row whose lock is over and whose count is spent tells no more than no row and is pruned; a
 * partial count is kept, as an account's is until it signs in or locks.
 */
export const signInThrottle = pgTable(
  "sign_in_throttle",
  {
    usernameDigest: text().primaryKey(),
    failedAttempts: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_throttle_spent_idx").on(t.lockedUntil).where(sql`${t.failedAttempts} = 0`)],
);
