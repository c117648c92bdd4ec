import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { imports } from "@/db/schema";

/** How often a running import says it is alive; lib/jobs/recover-stalled-imports waits ten times as long. */
export const IMPORT_HEARTBEAT_MS = 30_000;

/**
 * Keeps `imports.heartbeat_at` fresh while this process runs the import. A killed process (OOM, power
 * loss, `kill -9`) stops beating, which is how the worker tells a dead run from a long one: pg-boss alone
 * would leave the import "running" until its job expires hours later. The database's clock is used, so
 * app servers whose clocks differ still agree on what is stale. A beat that fails is simply missed.
 */
export function keepImportAlive(db: Db, importId: string, everyMs = IMPORT_HEARTBEAT_MS): { stop: () => Promise<void> } {
  let beating: Promise<unknown> = Promise.resolve();
  const beat = () =>
    db
      .update(imports)
      .set({ heartbeatAt: sql`now()` })
      .where(and(eq(imports.id, importId), eq(imports.state, "running")))
      .catch(() => {});
  beating = beat();
  const timer = setInterval(() => {
    beating = beat();
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await beating;
    },
  };
}
