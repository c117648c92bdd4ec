import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";

/**
 * Runs `work` in a transaction and keeps that transaction open (its locks held, its writes not yet
 * visible to anyone else) until `release` is called; with an error, it rolls back. Returns once `work`
 * has finished inside it, with the backend's pid, so a test can ask PostgreSQL who waits for it.
 */
export async function heldTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>) {
  let release!: (error?: Error) => void;
  const released = new Promise<Error | undefined>((r) => (release = r));
  let holding!: (held: { pid: number; value: T }) => void;
  const held = new Promise<{ pid: number; value: T }>((r) => (holding = r));
  const done = db.transaction(async (tx) => {
    const value = await work(tx);
    const [row] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
    holding({ pid: row!.pid, value });
    const error = await released;
    if (error) throw error;
    return value;
  });
  // Should the transaction end before it holds anything, say so instead of waiting for ever.
  const early = done.then(() => {
    throw new Error("the transaction ended before it was held open");
  });
  early.catch(() => {});
  const { pid, value } = await Promise.race([held, early]);
  return { pid, value, done, release };
}

/**
 * Whether `pending` finished, or a session of the database came to wait for backend `pid`, whichever
 * PostgreSQL shows first: polled, never a guessed delay. Either answer lets the test go on; which one it
 * was is for the test to judge.
 */
export async function finishesOrWaitsFor(db: Db, pending: Promise<unknown>, pid: number): Promise<"finished" | "waiting"> {
  let settled = false;
  pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 750; i++) {
    if (settled) return "finished";
    const rows = await db.execute<{ waiting: number }>(sql`select count(*)::int as waiting from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`);
    if (rows[0]!.waiting >= 1) return "waiting";
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing finished and no session waited for backend ${pid}`);
}

/** Waits until a session is blocked by `pid`, and another session is blocked by that one: a queue two deep. */
export async function untilQueuedBehind(db: Db, pid: number) {
  for (let i = 0; i < 750; i++) {
    const [row] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity second
      where exists (select 1 from pg_stat_activity first where ${pid}::int = any(pg_blocking_pids(first.pid)) and first.pid = any(pg_blocking_pids(second.pid)))`);
    if (row!.n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no session queued behind one waiting for backend ${pid}`);
}
