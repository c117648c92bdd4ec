import type postgres from "postgres";
import type { Db } from "@/db";

/** The postgres.js client behind a Drizzle database: COPY and cursors need it. */
export function rawClient(db: Db): postgres.Sql {
  return (db as Db & { $client: postgres.Sql }).$client;
}
