import { getEnv } from "../../lib/env";
import { type EmbeddedServer, startEmbeddedPostgres } from "../../db/runtime/embedded";

export interface ResolvedDatabase {
  url: string;
  kind: "embedded" | "postgres";
  /** Stops the embedded server if this process started it; a server someone else runs is left alone. */
  release: () => Promise<void>;
  server?: EmbeddedServer;
}

const log = (message: string) => process.stderr.write(`[acta] ${message}\n`);

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under ACTA_DATA_DIR (started or reused). */
export async function resolveDatabase(): Promise<ResolvedDatabase> {
  const env = getEnv();
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, kind: "postgres", release: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: env.ACTA_DATA_DIR, log });
  return { url: server.url, kind: "embedded", server, release: server.reused ? async () => {} : server.stop };
}

export { log };
