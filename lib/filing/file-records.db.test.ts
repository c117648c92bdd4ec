import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { codeSequences } from "@/db/schema";
import { finishesOrWaitsFor, heldTransaction } from "@/db/test/concurrency";
import { makeFonds } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { reserveNumbers } from "./file-records";

describe("archival code numbers (reserveNumbers) under real concurrency", () => {
  it("makes a second archivist's filing wait for the first and continue after its last number", async () => {
    const { db } = testDb();
    const fonds = await makeFonds(db);
    const key = "item:concurrent-wait";
    // Held open once reserveNumbers returned inside it, so it is known to hold the counter row.
    const first = await heldTransaction(db, (tx) => reserveNumbers(tx, fonds.id, key, 3));
    const second = db.transaction((tx) => reserveNumbers(tx, fonds.id, key, 2));
    expect(await finishesOrWaitsFor(db, second, first.pid)).toBe("waiting");
    first.release();
    expect(await Promise.all([first.done, second])).toEqual([1, 4]);
  });

  it("gives a rolled-back filing's numbers to the one that waited, so no number is skipped", async () => {
    const { db } = testDb();
    const fonds = await makeFonds(db);
    const key = "item:concurrent-rollback";
    await db.transaction((tx) => reserveNumbers(tx, fonds.id, key, 1));
    const doomed = await heldTransaction(db, (tx) => reserveNumbers(tx, fonds.id, key, 5));
    const waiting = db.transaction((tx) => reserveNumbers(tx, fonds.id, key, 2));
    expect(await finishesOrWaitsFor(db, waiting, doomed.pid)).toBe("waiting");
    doomed.release(new Error("the approval failed after numbering"));
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
