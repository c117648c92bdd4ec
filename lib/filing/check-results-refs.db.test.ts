import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkResults, checkRuns, records } from "@/db/schema";
import { makeArchiveFonds, makeVoucher } from "@/db/test/archive-factories";
import { testDb } from "@/db/test/setup";
import { copyLine, copyRows } from "@/lib/copy-rows";

const COLUMNS = ["run_id", "record_id", "code", "property", "outcome", "detail"];
const line = (runId: string, recordId: string | null, code = "1-1") => copyLine([runId, recordId, code, "authenticity", "pass", '{"code":"ok"}']);

/** A run over two vouchers of a fonds of its own. */
async function setUp() {
  const { db } = testDb();
  const { fonds } = await makeArchiveFonds(db);
  const first = await makeVoucher(db, { fondsId: fonds.id, no: 1 });
  const second = await makeVoucher(db, { fondsId: fonds.id, no: 2 });
  const [run] = await db.insert(checkRuns).values({ fondsId: fonds.id }).returning({ id: checkRuns.id });
  return { db, run: run!.id, first, second };
}

const storedFor = async (runId: string) => (await testDb().db.select({ id: checkResults.id }).from(checkResults).where(eq(checkResults.runId, runId))).length;

// check_results refers to its run and record through statement triggers, not foreign keys (drizzle/0032,
// ADR 0028); these are the guarantees the foreign keys gave.
describe("check results and what they refer to", () => {
  it("stores results naming an existing run and records, batch items without a record", async () => {
    const { db, run, first, second } = await setUp();
    await db.transaction((tx) => copyRows(tx, "check_results", COLUMNS, [line(run, first), line(run, first, "1-2"), line(run, second), line(run, null, "2-1")]));
    expect(await storedFor(run)).toBe(4);
  });

  it("refuses a statement whose results name a missing record or run, storing none of its rows", async () => {
    const { db, run, first } = await setUp();
    const nowhere = "00000000-0000-4000-8000-000000000000";
    await expect(db.transaction((tx) => copyRows(tx, "check_results", COLUMNS, [line(run, first), line(run, nowhere)]))).rejects.toMatchObject({
      code: "23503",
      message: `check result names record ${nowhere}, which does not exist`,
    });
    await expect(db.insert(checkResults).values({ runId: nowhere, recordId: first, code: "1-1", property: "authenticity", outcome: "pass", detail: { code: "ok" } })).rejects.toMatchObject({
      cause: { code: "23503", message: `check result names check run ${nowhere}, which does not exist` },
    });
    expect(await storedFor(run)).toBe(0);
  });

  it("lets a result's outcome be recorded but never moves it to another record or run", async () => {
    const { db, run, first, second } = await setUp();
    const [result] = await db.insert(checkResults).values({ runId: run, recordId: first, code: "2-7", property: "integrity", outcome: "not_performed", detail: { code: "x" } }).returning({ id: checkResults.id });
    await db.update(checkResults).set({ outcome: "pass" }).where(eq(checkResults.id, result!.id));
    await expect(db.update(checkResults).set({ recordId: second }).where(eq(checkResults.id, result!.id))).rejects.toMatchObject({ cause: { code: "23503" } });
    const [other] = await db.insert(checkRuns).values({ fondsId: (await db.select().from(checkRuns).where(eq(checkRuns.id, run)))[0]!.fondsId }).returning({ id: checkRuns.id });
    await expect(db.update(checkResults).set({ runId: other!.id }).where(eq(checkResults.id, result!.id))).rejects.toMatchObject({ cause: { code: "23503" } });
    const [kept] = await db.select().from(checkResults).where(eq(checkResults.id, result!.id));
    expect(kept).toMatchObject({ runId: run, recordId: first, outcome: "pass" });
  });

  it("deletes a run's results with the run, and a record's with the record", async () => {
    const { db, run, first, second } = await setUp();
    await db.transaction((tx) => copyRows(tx, "check_results", COLUMNS, [line(run, first), line(run, second), line(run, null, "2-1")]));
    await db.delete(records).where(eq(records.id, first));
    expect(await db.select({ id: checkResults.recordId }).from(checkResults).where(eq(checkResults.runId, run))).toEqual(expect.arrayContaining([{ id: second }, { id: null }]));
    expect(await storedFor(run)).toBe(2);
    await db.delete(checkRuns).where(eq(checkRuns.id, run));
    expect(await storedFor(run)).toBe(0);
    expect(await db.select({ id: records.id }).from(records).where(inArray(records.id, [second]))).toHaveLength(1);
  });

  it("keeps a record from being deleted while results naming it are being stored, as a foreign key's lock does", async () => {
    const { db, sql, run, first } = { ...(await setUp()), sql: testDb().sql };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let stored!: () => void;
    const copied = new Promise<void>((resolve) => (stored = resolve));
    const storing = db.transaction(async (tx) => {
      await copyRows(tx, "check_results", COLUMNS, [line(run, first)]);
      stored();
      await held;
    });
    await copied;
    try {
      await expect(sql.begin(async (other) => {
        await other`set local lock_timeout = '300ms'`;
        await other`delete from records where id = ${first}`;
      })).rejects.toMatchObject({ code: "55P03" });
    } finally {
      release();
      await storing;
    }
    expect(await storedFor(run)).toBe(1);
  });
});
