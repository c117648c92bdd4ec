import { type Column, Param, type Placeholder, QueryPromise, type SQL, sql } from "drizzle-orm";
import type { PostgresJsSession } from "drizzle-orm/postgres-js";
import type { Sql } from "postgres";
import type { DbOrTx } from ".";

/** What Drizzle's `.prepare(name)` gives for a select, insert, update or delete. */
interface Prepared<R> {
  execute(placeholderValues?: Record<string, unknown>): Promise<R>;
}

/**
 * A hot statement that Drizzle builds once per process and then runs, with its placeholders' values, on
 * whatever connection or transaction it is given. Building a statement costs Node more CPU than
 * PostgreSQL spends running it: on an OA callback's dozen statements about a third of the callback path's
 * CPU (docs/decisions/0031-hot-statements-built-once.md).
 *
 * `keys` names the placeholders, so a call that forgets one does not compile. Drizzle still maps each
 * value through its column (a Date to its timestamp, an object to jsonb) when the statement runs, but a
 * column's `$defaultFn` or `$onUpdate` would run only once, at the build: Acta's schema has none.
 * Like any Drizzle query, a call is sent when it is awaited (or handed to Promise.all), not when made, so
 * statements pipelined together keep the order in which they are awaited.
 *
 * Drizzle's prepared queries are bound to the session that built them; each run gets a view of the built
 * one bound to the caller's connection instead (its `client`), and leaves naming the statement to the
 * driver's auto-prepare (`prepare: false`), as for every other statement (ADR 0030). The tests in
 * statement.db.test.ts fail if a Drizzle upgrade renames either field.
 */
export function statement<K extends string, R>(
  keys: readonly K[],
  build: (db: DbOrTx, placeholders: { readonly [P in K]: Placeholder<P> }) => Prepared<R>,
): (on: DbOrTx, values: { readonly [P in K]: unknown }) => QueryPromise<R> {
  let built: Prepared<R> | undefined;
  return (on, values) =>
    new Run(() => {
      built ??= build(on, Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as { [P in K]: Placeholder<P> });
      const client = (on._.session as unknown as PostgresJsSession<Sql, Record<string, never>, never>).client;
      const bound = Object.create(built, { client: { value: client }, prepare: { value: false } }) as Prepared<R>;
      return bound.execute(values);
    });
}

class Run<R> extends QueryPromise<R> {
  constructor(readonly execute: () => Promise<R>) {
    super();
  }
}

/**
 * A placeholder as an update's new value, mapped through its column like any value (a Date to its
 * timestamp). Drizzle's types take no placeholder in `set`, and a bare one would reach the driver unmapped.
 */
export function placeholderFor<T>(column: Column, placeholder: Placeholder): SQL<T> {
  return sql<T>`${new Param(placeholder, column)}`;
}
