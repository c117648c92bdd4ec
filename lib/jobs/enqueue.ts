import PgBoss from "pg-boss";
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { type JobData, QUEUE_OPTIONS, type QueueName } from "./queues";

// Never started: it only lends its job-insert SQL, which runs on the caller's connection below.
let planner: PgBoss | undefined;

function toSql(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) chunks.push(sql.raw(part));
    else {
      const value = values[Number(part) - 1];
      chunks.push(sql`${value !== null && typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : (value ?? null)}`);
    }
  });
  return sql.join(chunks);
}

/**
 * Queues a job in the caller's transaction: the job exists exactly when the row it works on does,
 * so an upload is never stored without its import job, nor a job queued for a rolled-back upload.
 */
export async function enqueue<Q extends QueueName>(tx: DbOrTx, queue: Q, data: JobData[Q]): Promise<string> {
  planner ??= new PgBoss({ connectionString: "postgres://unused", supervise: false, schedule: false, migrate: false });
  const db = {
    executeSql: async (text: string, values: unknown[]) => ({ rows: (await tx.execute(toSql(text, values))) as unknown as { id: string }[] }),
  };
  const id = await planner.send(queue, data as object, { ...QUEUE_OPTIONS[queue], db });
  if (!id) throw new Error(`job queue ${queue} does not exist: start the worker once (npm start) to create it`);
  return id;
}
