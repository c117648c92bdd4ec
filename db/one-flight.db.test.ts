import { type AddressInfo, type Socket, createConnection, createServer } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DbHandle, createDb } from "@/db";
import { users } from "@/db/schema";

/**
 * patches/postgres+3.4.9.patch: Drizzle's statements are unnamed, and postgres.js as published describes
 * each one with parameters before binding it, a second round trip per statement. A proxy between the pool
 * and the server records which side spoke when: a statement sent in one flight has every byte of it on the
 * wire before the server's first answer.
 */
describe("statements in one flight", () => {
  const flights: ("client" | "server")[] = [];
  const server = createServer((client) => {
    const target = new URL(inject("databaseUrl"));
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    const relay = (from: Socket, to: Socket, side: "client" | "server") => {
      from.on("data", (chunk) => {
        if (flights.at(-1) !== side) flights.push(side);
        to.write(chunk);
      });
      from.on("close", () => to.destroy());
      from.on("error", () => to.destroy());
    };
    relay(client, upstream, "client");
    relay(upstream, client, "server");
  });
  let handle: DbHandle;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = new URL(inject("databaseUrl"));
    url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    handle = createDb(url.toString(), { max: 1 });
    await handle.db.execute(sql`select 1`); // connects
  });
  afterAll(async () => {
    await handle.close();
    await new Promise((resolve) => server.close(resolve));
  });

  /** The conversation of one statement, as alternating turns. */
  async function turnsOf<T>(run: () => Promise<T>): Promise<{ value: T; turns: string[] }> {
    flights.length = 0;
    const value = await run();
    return { value, turns: [...flights] };
  }

  it("sends a statement with parameters and reads its rows in one round trip", async () => {
    const { value, turns } = await turnsOf(() => handle.db.execute(sql`select ${41}::int + 1 as n, ${"档案"}::text as word, ${true}::boolean as yes`));
    expect([...value]).toEqual([{ n: 42, word: "档案", yes: true }]);
    expect(turns).toEqual(["client", "server"]);
  });

  it("leaves the types to the server: json, an array literal, a timestamp and a numeric, all sent as text", async () => {
    const { value, turns } = await turnsOf(() =>
      handle.db.execute(
        sql`select ${JSON.stringify({ 凭证: [1, 2] })}::jsonb as doc, ${"{a,b}"}::text[] as list, ${"2026-01-02T03:04:05Z"}::timestamptz as at, ${"12345678901234.56"}::numeric as amount`,
      ),
    );
    const [row] = [...value] as { doc: unknown; list: unknown; at: string; amount: string }[];
    expect(row!.doc).toEqual({ 凭证: [1, 2] });
    expect(row!.list).toEqual(["a", "b"]);
    expect(new Date(row!.at).toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(row!.amount).toBe("12345678901234.56");
    expect(turns).toEqual(["client", "server"]);
  });

  it("still describes a statement binding a JavaScript array, whose literal depends on the type the server names", async () => {
    const list = sql`${sql.param(["记-1", 'a "quoted", {braced} one', null])}::text[]`;
    const value = await handle.db.execute(sql`select (${list})[1] as first, (${list})[2] as second, (${list})[3] is null as third_is_null`);
    expect([...value]).toEqual([{ first: "记-1", second: 'a "quoted", {braced} one', third_is_null: true }]);
  });

  it("sends a savepoint together with the first statements behind it, and still rolls back to it", async () => {
    const { value, turns } = await turnsOf(() =>
      handle.db.transaction(async (tx) => {
        const inner = await tx.transaction((sp) => sp.execute(sql`select ${"内层"}::text as word`));
        await tx
          .transaction(async (sp) => {
            await sp.execute(sql`select 1 / ${0}::int`);
          })
          .catch(() => undefined);
        return [...inner];
      }),
    );
    expect(value).toEqual([{ word: "内层" }]);
    // begin | savepoint + select | savepoint + failing select | rollback to the savepoint | commit
    expect(turns).toHaveLength(10);
  });

  it("reports a bad statement as an error and goes on serving the connection", async () => {
    await expect(handle.db.execute(sql`select ${1}::int from no_such_table`)).rejects.toThrow(/no_such_table/);
    const { turns } = await turnsOf(() => handle.db.select({ n: sql<number>`count(*)::int` }).from(users).where(sql`${users.username} = ${"nobody-here"}`));
    expect(turns).toEqual(["client", "server"]);
  });

  it("fails a statement whose value cannot be written, while the statements pipelined with it finish", async () => {
    let settled: unknown[] = [];
    // Drizzle leaves timestamps to its columns' encoders: the driver's own serializer passes a Date through.
    const transaction = handle.sql.begin(async (tx) => {
      const results = await Promise.allSettled([tx.unsafe("select $1::int as n", [1]), tx.unsafe("select $1::timestamptz as at", [new Date()] as never[]), tx.unsafe("select $1::int as n", [3])]);
      settled = results.map((r) => (r.status === "fulfilled" ? r.value[0]!.n : String(r.reason).includes("Date")));
    });
    // The transaction fails with it, as with any failed statement; before, it waited for ever.
    await expect(transaction).rejects.toThrow(/Date/);
    expect(settled).toEqual([1, true, 3]);
    expect(await handle.sql`select 2 as n`).toEqual([{ n: 2 }]);
  });
});
