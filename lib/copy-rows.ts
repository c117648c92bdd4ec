import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type postgres from "postgres";
import type { Tx } from "@/db";

/** The postgres.js transaction behind a Drizzle transaction: COPY needs it. */
function transactionClient(tx: Tx): postgres.TransactionSql {
  return (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
}

// COPY text format: backslash, tab, newline and carriage return are escaped; \N is NULL.
export const escapeCopy = (value: string) => value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));

export type CopyValue = string | number | null | undefined;

/** One COPY row's text: values in column order, null and undefined as NULL. */
export const copyLine = (values: readonly CopyValue[]) =>
  `${values.map((v) => (v === null || v === undefined ? "\\N" : typeof v === "number" ? String(v) : escapeCopy(v))).join("\t")}\n`;

/**
 * Starts `COPY … FROM STDIN` and answers its stream. postgres.js 3.4 drops an error that arrives after the
 * data has ended (a constraint or a trigger refusing a row): the query's promise settled when the stream was
 * handed out, and the stream is never finished, so whoever awaits it would wait for ever. The error is
 * routed to the stream instead.
 */
export async function copyFrom(query: postgres.PendingQuery<postgres.Row[]>): Promise<Writable> {
  const copy = await query.writable();
  const pending = query as unknown as { reject: (error: unknown) => void };
  const reject = pending.reject;
  pending.reject = (error) => {
    copy.destroy(error instanceof Error ? error : new Error(String(error)));
    reject(error);
  };
  return copy;
}

/**
 * Inserts rows with COPY inside the caller's transaction: for the bulk tables of an import it costs
 * PostgreSQL about half of an INSERT from unnest'ed arrays, which must parse every array literal.
 */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const copy = await copyFrom(transactionClient(tx).unsafe(`copy ${table} (${columns.join(", ")}) from stdin`));
  copy.end(lines.join(""));
  await finished(copy);
}
