import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/** The ids as one `uuid[]` parameter. */
export const uuidArray = (ids: readonly string[]): SQL => sql`${`{${ids.join(",")}}`}::uuid[]`;

/**
 * `column = any($1::uuid[])`. drizzle's inArray sends one parameter per id, and PostgreSQL refuses a
 * statement with more than 65,535 parameters, so a period of some tens of thousands of records could not
 * be checked or filed; one array parameter has no such limit.
 */
export const anyId = (column: AnyColumn, ids: readonly string[]): SQL => sql`${column} = any(${uuidArray(ids)})`;
