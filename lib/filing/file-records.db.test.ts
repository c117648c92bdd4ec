import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { codeSequences } from "@/db/schema";
import { makeFonds } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { reserveNumbers } from "./file-records";

type Db = ReturnType<typeof testDb>["db"];

/**
 * A transaction that has taken `count` numbers and holds its counter row until `end` is called (with an
 * error, to roll it back), with its backend's pid. It is known to hold the row because reserveNumbers
 * returned inside it, not because some session of the database (another test file's filing) holds a lock.
 */
async function holdingNumbers(db: Db, fondsId: string, key: string, count: number) {
  let end!: (error?: Error) => void;
  const ended = new Promise<Error | undefined>((r) => (end = r));
  let held!: (pid: number) => void;
  const holding = new Promise<number>((r) => (held = r));
  const done = db.transaction(async (tx) => {
    const first = await reserveNumbers(tx, fondsId, key, count);
    const [row] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
    held(row!.pid);
    const error = await ended;
    if (error) throw error;
    return first;
  });
  // Should the transaction end before it holds the row, say so instead of waiting for ever.
  const early = done.then(() => {
    throw new Error("the transaction ended before holding its numbers");
  });
  early.catch(() => {});
  return { pid: await Promise.race([holding, early]), done, end };
}

/** Waits until PostgreSQL reports a session blocked by backend `pid`: proof, not a guessed delay. */
async function untilBlockedBy(pid: number) {
  const { db } = testDb();
  for (let i = 0; i < 500; i++) {
    const rows = await db.execute<{ waiting: number }>(sql`select count(*)::int as waiting from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`);
    if (rows[0]!.waiting >= 1) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no session ever waited for backend ${pid}`);
}

describe("archival code numbers (reserveNumbers) under real concurrency", () => {
  it("makes a second archivist's filing wait for the first and continue after its last number", async () => {
    const { db } = testDb();
    const fonds = await makeFonds(db);
    const key = "item:concurrent-wait";
    const first = await holdingNumbers(db, fonds.id, key, 3);
    const second = db.transaction((tx) => reserveNumbers(tx, fonds.id, key, 2));
    await untilBlockedBy(first.pid);
    first.end();
    expect(await Promise.all([first.done, second])).toEqual([1, 4]);
  });

  it("gives a rolled-back filing's numbers to the one that waited, so no number is skipped", async () => {
    const { db } = testDb();
    const fonds = await makeFonds(db);
    const key = "item:concurrent-rollback";
    await db.transaction((tx) => reserveNumbers(tx, fonds.id, key, 1));
    const doomed = await holdingNumbers(db, fonds.id, key, 5);
    const waiting = db.transaction((tx) => reserveNumbers(tx, fonds.id, key, 2));
    await untilBlockedBy(doomed.pid);
    doomed.end(new Error("the approval failed after numbering"));
    await expect(doomed.done).rejects.toThrow(/failed after numbering/);
    expect(await waiting).toBe(2);
    const [row] = await db.select().from(codeSequences).where(and(eq(codeSequences.fondsId, fonds.id), eq(codeSequences.sequenceKey, key)));
    expect(row!.lastValue).toBe(3);
  });

  it("hands twelve simultaneous filings consecutive ranges: every number once, none skipped", async () => {
    const { db } = testDb();
    const fonds = await makeFonds(db);
    const key = "item:concurrent-many";
    const sizes = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
    const firsts = await Promise.all(sizes.map((size) => db.transaction((tx) => reserveNumbers(tx, fonds.id, key, size))));
    const taken = firsts.flatMap((first, i) => Array.from({ length: sizes[i]! }, (_, k) => first + k)).sort((a, b) => a - b);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(taken).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });
});
