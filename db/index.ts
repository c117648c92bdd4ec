import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { getEnv } from "@/lib/env";
import { configuredPoolSize } from "./pool-size";
import * as schema from "./schema";

export type Db = PostgresJsDatabase;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or a transaction: services accept both so callers can compose them. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  sql: postgres.Sql;
  close: () => Promise<void>;
}

export function createDb(url: string, options: { max?: number; autoPrepare?: number } = {}): DbHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // A statement sent this many times on a connection is named: PostgreSQL then parses and plans it once
    // (docs/decisions/0030-hot-statements-prepared.md; 0 never, for a pooler that cannot keep them).
    auto_prepare: options.autoPrepare ?? getEnv().ACTA_DB_AUTO_PREPARE,
    connect_timeout: 10,
    onnotice: () => {},
    // numeric stays a string, so money is never a float.
    transform: { undefined: null },
  });
  // No relational schema: Acta does not use db.query, and with one every transaction and savepoint builds
  // a query builder for each of its tables.
  const db = drizzle(sql, { casing: "snake_case" });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

const globalForDb = globalThis as unknown as { actaDb?: DbHandle };

/**
 * The process-wide connection, opened lazily so that importing a route module at build time never
 * connects. Cached on globalThis so hot reload in development does not leak pools.
 */
export function getDb(): Db {
  return getDbHandle().db;
}

export function getDbHandle(): DbHandle {
  if (!globalForDb.actaDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Acta with `npm start`, which provides one");
    globalForDb.actaDb = createDb(url, { max: configuredPoolSize() });
  }
  return globalForDb.actaDb;
}

export { schema };
