import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { chmodSync, existsSync, lstatSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded";
import { MIGRATIONS_DIR, createDatabase, migrateDatabase } from "./migrate";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

async function tempDir(mode = 0o755) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "acta-embedded-"));
  chmodSync(dir, mode);
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const isRoot = process.getuid?.() === 0;

describe("embedded PostgreSQL", () => {
  it("initialises with a UTF-8 LC_CTYPE, keeps its data, and reuses a server a killed start left running", async () => {
    const dir = await tempDir();
    const first = await startEmbeddedPostgres({ dataDir: dir });
    cleanup.push(first.stop);
    expect(first.reused).toBe(false);
    const sql = postgres(first.url, { max: 1, onnotice: () => {} });
    const [db] = await sql<{ datctype: string }[]>`select datctype from pg_database where datname = current_database()`;
    expect(db!.datctype).toBe("C.UTF-8");
    await sql`create table kept (v text)`;
    await sql`insert into kept values ('账簿')`;
    await sql.end();
    // The process that started it is "killed": it never calls stop. The next start finds it through postmaster.pid.
    const second = await startEmbeddedPostgres({ dataDir: dir });
    expect(second.reused).toBe(true);
    expect(second.port).toBe(first.port);
    await second.stop();
    const third = await startEmbeddedPostgres({ dataDir: dir });
    cleanup.push(third.stop);
    expect(third.reused).toBe(false);
    const again = postgres(third.url, { max: 1, onnotice: () => {} });
    expect((await again`select v from kept`)[0]!.v).toBe("账簿");
    await again.end();
    await third.stop();
    // Credentials never sit in a world-readable file.
    expect((await stat(path.join(dir, "pg-credentials.json"))).mode & 0o077).toBe(0);
  });

  it.skipIf(!isRoot)("works as root when the postgres OS user cannot enter the data folder's parent", async () => {
    const locked = await tempDir(0o700);
    const dataDir = path.join(locked, "data");
    await mkdir(dataDir);
    const server = await startEmbeddedPostgres({ dataDir });
    cleanup.push(server.stop);
    expect(lstatSync(path.join(dataDir, "pg")).isSymbolicLink()).toBe(true);
    const sql = postgres(server.url, { max: 1, onnotice: () => {} });
    expect((await sql`select 1 as one`)[0]!.one).toBe(1);
    await sql.end();
    await server.stop();
    cleanup.push(() => rm(server.clusterDir, { recursive: true, force: true }));
  });

  it("leaves the database as it was when a migration fails", async () => {
    const dir = await tempDir();
    const server = await startEmbeddedPostgres({ dataDir: dir });
    cleanup.push(server.stop);
    const serverUrl = new URL(server.url);
    serverUrl.pathname = "/postgres";
    const url = await createDatabase(serverUrl.toString(), "acta_migration_failure");
    const folder = path.join(dir, "migrations");
    await cp(MIGRATIONS_DIR, folder, { recursive: true });
    const journal = JSON.parse(await readFile(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { idx: number; when: number; tag: string; breakpoints: boolean; version: string }[] };
    const last = journal.entries[journal.entries.length - 1]!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: "9999_broken" });
    await writeFile(path.join(folder, "meta", "_journal.json"), JSON.stringify(journal));
    await writeFile(path.join(folder, "9999_broken.sql"), "CREATE TABLE half_done (id int);\n--> statement-breakpoint\nSELECT no_such_function();");
    await expect(migrateDatabase(url, folder)).rejects.toThrow();
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const tables = await sql`select table_name from information_schema.tables where table_schema = 'public'`;
    expect(tables).toEqual([]);
    await sql.end();
    await migrateDatabase(url);
    const ok = postgres(url, { max: 1, onnotice: () => {} });
    expect((await ok`select count(*)::int as n from information_schema.tables where table_name = 'records'`)[0]!.n).toBe(1);
    await ok.end();
    await server.stop();
    expect(existsSync(path.join(dir, "pg", "PG_VERSION"))).toBe(true);
  });
});
