import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { codeSequences } from "@/db/schema";
import { makeFonds } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { reserveNumbers } from "./file-records";

/** Waits until PostgreSQL reports `n` sessions of this database blocked on a lock: proof, not a guessed delay. */
async function untilBlocked(n: number) {
  const { db } = testDb();
  for (let i = 0; i < 500; i++) {
    const rows = await db.execute<{ waiting: number }>(sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (rows[0]!.waiting >= n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never saw ${n} sessions waiting on a lock`);
}

describe("archival code numbers (reserveNumbers) under real concurrency", () => {
  it("makes a second archivist's filing wait for the first and continue after its last number", async () => {
    const { db } = testDb();
    const fonds = await makeFonds(db);
    const key = "item:concurrent-wait";
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = db.transaction(async (tx) => {
      const n = await reserveNumbers(tx, fonds.id, key, 3);
      await held;
      return n;
    });
    await untilCounterLocked();
    const second = db.transaction((tx) => reserveNumbers(tx, fonds.id, key, 2));
    await untilBlocked(1);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 4]);
  });

  it("gives a rolled-back filing's numbers to the one that waited, so no number is skipped", async () => {
    const { db } = testDb();
    const fonds = await makeFonds(db);
    const key = "item:concurrent-rollback";
    await db.transaction((tx) => reserveNumbers(tx, fonds.id, key, 1));
    let abort!: () => void;
    const aborted = new Promise<void>((r) => (abort = r));
    const doomed = db.transaction(async (tx) => {
      await reserveNumbers(tx, fonds.id, key, 5);
      await aborted;
      throw new Error("the approval failed after numbering");
    });
    await untilCounterLocked();
    const waiting = db.transaction((tx) => reserveNumbers(tx, fonds.id, key, 2));
    await untilBlocked(1);
    abort();
    await expect(doomed).rejects.toThrow(/failed after numbering/);
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

/** A transaction of this database has written to the counters and not yet ended: it holds its row's lock. */
async function untilCounterLocked() {
  const { db } = testDb();
  for (let i = 0; i < 500; i++) {
    const rows = await db.execute<{ held: number }>(sql`
      select count(*)::int as held from pg_locks l join pg_class c on c.oid = l.relation
      where l.database = (select oid from pg_database where datname = current_database())
        and c.relname = 'code_sequences' and l.mode = 'RowExclusiveLock' and l.pid <> pg_backend_pid()`);
    if (rows[0]!.held >= 1) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("no transaction ever took a counter");
}
