import { availableParallelism } from "node:os";
import { getEnv } from "@/lib/env";

/** A floor for small machines: a long export or check report holds a connection while other pages still need theirs. */
export const MIN_POOL = 5;

/**
 * Connections of the server's pool: ACTA_DB_POOL_MAX when set, else PostgreSQL's rule of thumb (wiki,
 * "Number Of Database Connections"): twice the cores plus one. More connections than the cores can run
 * only make PostgreSQL share them among more queries at once, and a heavy search then waits behind the
 * light ones: on a 2-core machine, bench:search's p95 was 155–162 ms with 10 connections (postgres.js's
 * default) and 139–148 ms with 5 (docs/decisions/0011-pool-size.md). The cores are this machine's: where
 * PostgreSQL runs elsewhere, set the variable.
 */
export function serverPoolSize(configured: number | undefined, cores = availableParallelism()): number {
  return configured ?? Math.max(MIN_POOL, 2 * cores + 1);
}

/** The server's pool as this process's environment sets it; the benches print the same figure. */
export const configuredPoolSize = () => serverPoolSize(getEnv().ACTA_DB_POOL_MAX);
