import PgBoss from "pg-boss";
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { type JobData, QUEUE_OPTIONS, type QueueName } from "./queues";

let planner: PgBoss | undefined;

// pg-boss binds job ids as an array (`$2::uuid[]`) and job data as JSON; Drizzle would spread an array
// into a list of parameters, so both go as the text PostgreSQL casts from.
function asParameter(value: unknown): unknown {
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) return JSON.stringify(value);
  return value ?? null;
}

function toSql(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) chunks.push(sql.raw(part));
    else {
      const value = values[Number(part) - 1];
      chunks.push(sql`${asParameter(value)}`);
    }
  });
  return sql.join(chunks);
}

/**
 * pg-boss's statements, run on the caller's connection: what they change commits or rolls back with the
 * caller's transaction. The planner is never started; it only lends its SQL.
 */
export function jobsIn(tx: DbOrTx): { boss: PgBoss; db: { executeSql: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }> } } {
  planner ??= new PgBoss({ connectionString: "postgres://unused", supervise: false, schedule: false, migrate: false });
  return { boss: planner, db: { executeSql: async (text, values) => ({ rows: (await tx.execute(toSql(text, values))) as unknown[] }) } };
}

/**
 * Queues a job in the caller's transaction: the job exists exactly when the row it works on does,
 * so an upload is never stored without its import job, nor a job queued for a rolled-back upload.
 */
export async function enqueue<Q extends QueueName>(tx: DbOrTx, queue: Q, data: JobData[Q]): Promise<string> {
  const { boss, db } = jobsIn(tx);
  const id = await boss.send(queue, data as object, { ...QUEUE_OPTIONS[queue], db });
  if (!id) throw new Error(`job queue ${queue} does not exist: start the worker once (npm start) to create it`);
  return id;
}
