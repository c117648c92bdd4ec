import { availableParallelism } from "node:os";

/** A floor for small machines: a long export or check report holds a connection while other pages still need theirs. */
export const MIN_POOL = 5;

/**
 * Connections of the server's pool: ACTA_DB_POOL_MAX when set, else PostgreSQL's rule of thumb (wiki,
 * "Number Of Database Connections"): twice the cores plus one. More connections than the cores can run
 * only make PostgreSQL switch between queries: with 20 searches at once on this 2-core machine, a pool of
 * 10 (postgres.js's default) answered at p95 155–162 ms and 5 at 134–139 ms, at 6% more searches per
 * second (bench:search, docs/decisions/0011-pool-size.md). The cores are this machine's: where PostgreSQL
 * runs elsewhere, set the variable.
 */
export function serverPoolSize(configured: number | undefined, cores = availableParallelism()): number {
  return configured ?? Math.max(MIN_POOL, 2 * cores + 1);
}
