import { eq, sql } from "drizzle-orm";
import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { type DbHandle, createDb } from "@/db";
import { placeholderFor, statement } from "./statement";

/**
 * db/statement.ts, docs/decisions/0031-hot-statements-built-once.md: a hot statement is built by Drizzle
 * once and run on whichever connection or transaction it is given, by placing the caller's connection
 * into Drizzle's prepared query. A Drizzle upgrade that moved those internals would fail these tests.
 */
const probe = pgTable("statement_probe", {
  id: integer().notNull(),
  doc: jsonb().$type<Record<string, unknown>>(),
  at: timestamp({ withTimezone: true }),
  note: text(),
});

// One connection, so the temporary table and the named statements are the ones this test looks at.
async function probeDb(autoPrepare: number): Promise<DbHandle> {
  const handle = createDb(inject("databaseUrl"), { max: 1, autoPrepare });
  await handle.db.execute(sql.raw("create temp table statement_probe (id int not null, doc jsonb, at timestamptz, note text)"));
  return handle;
}

let builds = 0;
const insertProbe = statement(["id", "doc", "at", "note"], (db, p) => {
  builds++;
  return db.insert(probe).values(p).prepare("insert_probe");
});
const probeById = statement(["id"], (db, p) => db.select().from(probe).where(eq(probe.id, p.id)).prepare("probe_by_id"));
const stampProbe = statement(["id", "at", "note"], (db, p) =>
  db
    .update(probe)
    .set({ at: placeholderFor(probe.at, p.at), note: placeholderFor(probe.note, p.note) })
    .where(eq(probe.id, p.id))
    .prepare("stamp_probe"),
);
const count = async (handle: DbHandle) => (await handle.sql<{ n: number }[]>`select count(*)::int as n from statement_probe`)[0]!.n;

describe("statements built once", () => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await probeDb(3);
  });
  afterEach(() => handle.close());

  it("builds once and runs on the database and inside a transaction, where a rollback takes its rows back", async () => {
    await insertProbe(handle.db, { id: 1, doc: null, at: null, note: "committed" });
    let seenInside: string[] = [];
    await handle.db
      .transaction(async (tx) => {
        await insertProbe(tx, { id: 2, doc: null, at: null, note: "rolled back" });
        seenInside = (await probeById(tx, { id: 2 })).map((r) => r.note ?? "");
        tx.rollback();
      })
      .catch(() => {});
    expect(seenInside).toEqual(["rolled back"]);
    expect((await probeById(handle.db, { id: 1 })).map((r) => r.note)).toEqual(["committed"]);
    expect(await probeById(handle.db, { id: 2 })).toEqual([]);
    await handle.db.transaction(async (tx) => {
      await insertProbe(tx, { id: 3, doc: null, at: null, note: "in a transaction" });
      expect((await probeById(tx, { id: 3 })).map((r) => r.note)).toEqual(["in a transaction"]);
    });
    expect(await count(handle)).toBe(2);
    expect(builds).toBe(1);
  });

  it("maps each value through its column: a Date to a timestamp, an object to jsonb, null to null", async () => {
    const at = new Date("2026-12-07T05:30:00.123Z");
    const doc = { 摘要: "差旅费", amount: "1234.50", nested: [1, null, "〇"] };
    await insertProbe(handle.db, { id: 4, doc, at, note: null });
    await insertProbe(handle.db, { id: 5, doc: null, at: null, note: null });
    expect(await probeById(handle.db, { id: 4 })).toEqual([{ id: 4, doc, at, note: null }]);
    expect(await probeById(handle.db, { id: 5 })).toEqual([{ id: 5, doc: null, at: null, note: null }]);
    const [stored] = await handle.sql<{ kind: string; at: string }[]>`select jsonb_typeof(doc) as kind, to_json(at) #>> '{}' as at from statement_probe where id = 4`;
    expect(stored).toEqual({ kind: "object", at: "2026-12-07T05:30:00.123+00:00" });
  });

  it("maps an update's new values through their columns too", async () => {
    const at = new Date("2026-12-07T06:00:00.000Z");
    await insertProbe(handle.db, { id: 10, doc: null, at: null, note: "before" });
    await stampProbe(handle.db, { id: 10, at, note: "stamped" });
    expect(await probeById(handle.db, { id: 10 })).toEqual([{ id: 10, doc: null, at, note: "stamped" }]);
    await stampProbe(handle.db, { id: 10, at: null, note: null });
    expect(await probeById(handle.db, { id: 10 })).toEqual([{ id: 10, doc: null, at: null, note: null }]);
  });

  it("is sent when awaited, not when called, so pipelined statements keep the order they are awaited in", async () => {
    const pending = insertProbe(handle.db, { id: 6, doc: null, at: null, note: "later" });
    expect(await count(handle)).toBe(0);
    await handle.db.transaction(async (tx) => {
      // The read is handed to Promise.all first, so it runs first and cannot see the insert queued behind it.
      const read = probeById(tx, { id: 7 });
      const [seen] = await Promise.all([read, insertProbe(tx, { id: 7, doc: null, at: null, note: "second" })]);
      expect(seen).toEqual([]);
    });
    await pending;
    expect(await count(handle)).toBe(2);
  });

  it("leaves naming the statement to the driver's auto-prepare, which names it on its third send", async () => {
    const named = async () =>
      (await handle.sql.unsafe<{ statement: string }[]>("select statement from pg_prepared_statements where statement like $1", ["%statement_probe%"], { prepare: false })).length;
    await probeById(handle.db, { id: 8 });
    await probeById(handle.db, { id: 8 });
    expect(await named()).toBe(0);
    await probeById(handle.db, { id: 8 });
    expect(await named()).toBe(1);
  });

  it("refuses a call without a value for one of its placeholders, and stores nothing", async () => {
    await expect(insertProbe(handle.db, { id: 9, doc: null, at: null } as unknown as Parameters<typeof insertProbe>[1])).rejects.toThrow(/note/);
    expect(await count(handle)).toBe(0);
  });
});

describe("statements with auto-prepare off", () => {
  it("are never named, for a pooler that cannot keep named statements", async () => {
    const handle = await probeDb(0);
    try {
      for (let i = 0; i < 5; i++) await probeById(handle.db, { id: i });
      const rows = await handle.sql.unsafe("select 1 from pg_prepared_statements where statement like $1", ["%statement_probe%"], { prepare: false });
      expect(rows.length).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
