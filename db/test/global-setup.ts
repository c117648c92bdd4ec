import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb } from "@/db";
import { startEmbeddedPostgres } from "@/db/runtime/embedded";
import { createDatabase, dropDatabase, migrateDatabase } from "@/db/runtime/migrate";
import { seedReferenceData } from "@/db/seed/reference";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "embedded" | "postgres";
  }
}

/**
 * One fresh database per run: on the server at TEST_DATABASE_URL when set, otherwise on an embedded
 * PostgreSQL started in a temporary folder, so `npm test` needs nothing installed. Dropped afterwards.
 */
export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let tempDir: string | undefined;
  if (!serverUrl) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), "acta-test-pg-"));
    // mkdtemp makes the folder 0700; as root the server runs as the postgres OS user, which must enter it.
    await chmod(tempDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: tempDir });
    stopEmbedded = server.stop;
    const u = new URL(server.url);
    u.pathname = "/postgres";
    serverUrl = u.toString();
  }
  // One data folder for the run, as the database is one: the audit anchor file in it (ADR 0018) must describe
  // this run's trail to every test file that verifies it, not a trail an earlier run dropped (./data outlives
  // runs). The test workers start after this and inherit it, so the files that made a folder of their own
  // when none was set share this one.
  let dataDir: string | undefined;
  if (!process.env.ACTA_DATA_DIR) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "acta-test-data-"));
    process.env.ACTA_DATA_DIR = dataDir;
  }
  const name = `acta_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const url = await createDatabase(serverUrl, name);
  await migrateDatabase(url);
  const handle = createDb(url, { max: 1 });
  await seedReferenceData(handle.db);
  await handle.close();
  project.provide("databaseUrl", url);
  project.provide("databaseKind", stopEmbedded ? "embedded" : "postgres");
  process.stdout.write(`db tests run on ${stopEmbedded ? "an embedded PostgreSQL" : "the PostgreSQL server"} (${name})\n`);

  return async () => {
    await dropDatabase(serverUrl, name).catch(() => {});
    if (stopEmbedded) await stopEmbedded();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
