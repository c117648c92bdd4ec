import { readFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIR, createDatabase, dropDatabase, migrateDatabase } from "./migrate";

const server = new URL(inject("databaseUrl"));
server.pathname = "/postgres";
const name = `acta_migrate_race_${process.pid}`;

afterAll(() => dropDatabase(server.toString(), name));

describe("migrations", () => {
  // Several Acta servers behind a load balancer may start at the same moment (ADR 0032): each must find the
  // schema whole, none may fail on a table another has just created.
  it("apply once when several starts migrate the same database at the same moment", async () => {
    const url = await createDatabase(server.toString(), name);
    const results = await Promise.allSettled([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok", "ok"]);
    const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [applied] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied!.n).toBe(journal.entries.length);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
