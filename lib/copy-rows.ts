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
 * Inserts rows with COPY inside the caller's transaction: for the bulk tables of an import it costs
 * PostgreSQL about half of an INSERT from unnest'ed arrays, which must parse every array literal.
 */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const copy = await transactionClient(tx).unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable();
  copy.end(lines.join(""));
  await finished(copy);
}
