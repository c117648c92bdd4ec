import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb } from "../../db";
import { startEmbeddedPostgres } from "../../db/runtime/embedded";
import { createDatabase, dropDatabase, migrateDatabase } from "../../db/runtime/migrate";
import { seedReferenceData } from "../../db/seed/reference";

export interface BenchDatabaseOptions {
  /** Connections in the benchmark's own pool. */
  pool?: number;
  /** A database an earlier run kept (on a server): measured again as it is, and kept. */
  reuse?: string;
  /** Leave the new database behind for a later `reuse`. */
  keep?: boolean;
}

/**
 * A fresh, migrated and seeded database for one benchmark run, in a temporary folder of its own: on
 * TEST_DATABASE_URL's or DATABASE_URL's server, else on an embedded PostgreSQL started in that folder.
 * `close` drops the database (unless kept or reused), stops what it started and removes the folder.
 */
export async function openBenchDatabase(prefix: string, options: BenchDatabaseOptions = {}) {
  const work = await mkdtemp(path.join(os.tmpdir(), `acta-${prefix}-`));
  // The embedded server runs as another user when started as root, and must reach its folder.
  await chmod(work, 0o755);
  process.env.ACTA_DATA_DIR = path.join(work, "data");
  let serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(work, "pg") });
    stopEmbedded = embedded.stop;
    serverUrl = embedded.url;
  }
  const server = new URL(serverUrl);
  server.pathname = "/postgres";
  const name = options.reuse ?? `acta_${prefix.replaceAll("-", "_")}_${Date.now()}`;
  const url = options.reuse ? Object.assign(new URL(server), { pathname: `/${name}` }).toString() : await createDatabase(server.toString(), name);
  const handle = createDb(url, { max: options.pool ?? 6 });
  const close = async () => {
    await handle.close();
    if (!options.keep && !options.reuse) await dropDatabase(server.toString(), name).catch(() => {});
    if (stopEmbedded) await stopEmbedded();
    await rm(work, { recursive: true, force: true });
  };
  try {
    if (!options.reuse) {
      await migrateDatabase(url);
      await seedReferenceData(handle.db);
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { work, url, name, handle, label: stopEmbedded ? "embedded PostgreSQL" : `PostgreSQL at ${server.host}`, close };
}
