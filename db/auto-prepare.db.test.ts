import { eq, sql } from "drizzle-orm";
import { boolean, integer, jsonb, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { type DbHandle, createDb } from "@/db";

/**
 * patches/postgres+3.4.9.patch, docs/decisions/0030-hot-statements-prepared.md: Drizzle sends every
 * statement unnamed, so PostgreSQL parsed and planned a callback's dozen statements anew each time. A text
 * sent `auto_prepare` times on a connection is now named, and later sends bind the named statement.
 */
const probe = pgTable("auto_prepare_probe", {
  id: integer().notNull(),
  doc: jsonb().$type<Record<string, unknown>>(),
  amount: numeric({ precision: 20, scale: 2 }),
  at: timestamp({ withTimezone: true, mode: "string" }),
  yes: boolean(),
  words: text().array(),
  note: text(),
});

// One connection, so the temporary table and the named statements are the ones this test looks at.
async function probeDb(autoPrepare: number): Promise<DbHandle> {
  const handle = createDb(inject("databaseUrl"), { max: 1, autoPrepare });
  await handle.db.execute(
    sql.raw("create temp table auto_prepare_probe (id int not null, doc jsonb, amount numeric(20,2), at timestamptz, yes boolean, words text[], note text)"),
  );
  return handle;
}

/** The statements this connection named that touch the probe table (the lookup's own text does not). */
async function namedProbeStatements(client: postgres.Sql): Promise<string[]> {
  const rows = await client.unsafe<{ statement: string }[]>("select statement from pg_prepared_statements where statement like $1 order by prepare_time", ["%auto_prepare_probe%"], {
    prepare: false,
  });
  return rows.map((r) => r.statement);
}

/** The patched postgres.js on one connection, with auto_prepare's two options as given. */
async function onOneConnection(options: { auto_prepare: number; auto_prepare_max: number }, work: (client: postgres.Sql) => Promise<void>) {
  const client = postgres(inject("databaseUrl"), { max: 1, ...options, onnotice: () => {} });
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

describe("hot statements named after repeated sends", () => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await probeDb(3);
  });
  afterEach(() => handle.close());

  it("names a statement on its third send and binds that name from then on", async () => {
    const read = () => handle.db.select().from(probe).where(eq(probe.id, 1));
    await read();
    await read();
    expect(await namedProbeStatements(handle.sql)).toEqual([]);
    await read();
    expect(await namedProbeStatements(handle.sql)).toEqual([expect.stringMatching(/^select .* from "auto_prepare_probe" where "auto_prepare_probe"."id" = \$1$/)]);
    await read();
    await read();
    expect(await namedProbeStatements(handle.sql)).toHaveLength(1);
  });

  it("keeps every value exact through a named statement: json, numeric, timestamp, boolean, text array and null", async () => {
    const row = {
      doc: { 凭证: [1, 2], note: 'a "quoted" word' },
      amount: "12345678901234.56",
      at: "2026-01-02T03:04:05.678Z",
      yes: true,
      words: ["记-1", 'a "quoted", {braced} one', "档案"],
      note: null,
    };
    // Sends one and two go unnamed, three names the statement, four and five bind the name.
    for (const id of [1, 2, 3, 4, 5]) await handle.db.insert(probe).values({ id, ...row });
    expect(await namedProbeStatements(handle.sql)).toContainEqual(expect.stringMatching(/^insert into "auto_prepare_probe"/));

    const reads = [];
    for (let i = 0; i < 4; i++) reads.push(await handle.db.select().from(probe).orderBy(probe.id));
    for (const rows of reads) {
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
      for (const r of rows) {
        expect({ ...r, at: new Date(r.at!).toISOString() }).toEqual({ id: r.id, ...row });
      }
    }
  });

  it("answers a named statement after its table changed shape, as PostgreSQL asks it to be prepared again", async () => {
    const read = () => handle.db.execute(sql`select * from auto_prepare_probe where id = ${7}`);
    await handle.db.insert(probe).values({ id: 7, note: "旧" });
    for (let i = 0; i < 3; i++) await read();
    expect(await namedProbeStatements(handle.sql)).toContainEqual(expect.stringMatching(/^select \* from auto_prepare_probe/));
    await handle.db.execute(sql.raw("alter table auto_prepare_probe add column extra text default '新'"));
    const [row] = [...(await read())];
    expect(row).toMatchObject({ id: 7, note: "旧", extra: "新" });
  });
});

describe("when statements are not named", () => {
  it("never names one with auto_prepare 0, for a pooler that cannot keep named statements", async () => {
    const handle = await probeDb(0);
    try {
      for (let i = 0; i < 8; i++) await handle.db.select().from(probe).where(eq(probe.id, i));
      expect(await namedProbeStatements(handle.sql)).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it("counts no statement without parameters against the limit: it goes as a simple query, which cannot be named", async () => {
    await onOneConnection({ auto_prepare: 1, auto_prepare_max: 1 }, async (client) => {
      // begin and commit of every transaction are such statements.
      for (let i = 0; i < 3; i++) await client.unsafe("select 1 as auto_prepare_probe_simple", [], { prepare: false });
      for (let i = 0; i < 2; i++) await client.unsafe("select $1::int as auto_prepare_probe", [i], { prepare: false });
      expect(await namedProbeStatements(client)).toEqual(["select $1::int as auto_prepare_probe"]);
    });
  });

  it("names no more than auto_prepare_max statements on a connection, so texts that vary cannot fill the server", async () => {
    await onOneConnection({ auto_prepare: 1, auto_prepare_max: 2 }, async (client) => {
      for (const n of [1, 2, 3, 4]) {
        for (let i = 0; i < 2; i++) await client.unsafe(`select $1::int + ${n} as auto_prepare_probe`, [i], { prepare: false });
      }
      expect((await namedProbeStatements(client)).sort()).toEqual(["select $1::int + 1 as auto_prepare_probe", "select $1::int + 2 as auto_prepare_probe"]);
    });
  });
});
