import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createDb } from "../db";
import { migrateDatabase } from "../db/runtime/migrate";
import { isEmptyDatabase, seedDemo } from "../db/seed/demo";
import { seedDemoImports } from "../db/seed/demo-imports";
import { seedReferenceData } from "../db/seed/reference";
import { ensureAuthSecret } from "../lib/auth/auth-secret";
import { getEnv } from "../lib/env";
import { DEMO_FILED_PERIODS, DEMO_PENDING_PERIOD, demoMonth } from "../lib/demo/file-demo-periods";
import { enqueue } from "../lib/jobs/enqueue";
import { QUEUES } from "../lib/jobs/queues";
import { startWorker, stopWorker } from "../lib/jobs/worker";
import { log, resolveDatabase } from "./lib/database";

/**
 * `npm start`: one command from a fresh clone to a running Acta. Provides PostgreSQL (DATABASE_URL or
 * the embedded server), applies migrations, seeds the demo on a fresh embedded database, builds when
 * no build exists, then serves on PORT and stops everything it started on exit.
 */
const WORKER_GRACE_MS = 6_000;

async function main() {
  const env = getEnv();
  const root = path.resolve(import.meta.dirname, "..");
  const database = await resolveDatabase();
  // Filled once the server runs; shutdown may be called before that.
  const running: { server?: ChildProcess } = {};
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const child = running.server;
    const serverStopped = new Promise<unknown>((r) => {
      if (!child || child.exitCode !== null) return r(null);
      child.once("exit", r);
      child.kill("SIGTERM");
    });
    // The web server and the worker stop side by side; a job still running after WORKER_GRACE_MS is left
    // unfinished (an import converges when its job runs again) so that PostgreSQL is stopped within the
    // grace a supervisor gives before it kills (Playwright 20 s, Docker 10 s by default): killed, npm start
    // could not stop the embedded server it started.
    await Promise.all([serverStopped, stopWorker(WORKER_GRACE_MS)]);
    // npm start owns the embedded server even when it reused one a killed start left behind.
    await (database.server?.stop ?? database.release)();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    await migrateDatabase(database.url);
  } catch (e) {
    log(`Database migration failed; nothing was changed. ${(e as Error).message}`);
    await shutdown(1);
    return;
  }

  const handle = createDb(database.url, { max: 2 });
  await seedReferenceData(handle.db);
  // Background jobs (ERP imports) run in this process, beside the web server (ADR 0005); started
  // before the demo seed so that the demo can import through the real queue.
  await startWorker({ url: database.url, onError: (e) => log(`Background job failed: ${e.message}`) });
  if (database.kind === "embedded" && (await isEmptyDatabase(handle.db))) {
    log("Fresh embedded database: planting the demo group, users and data");
    await seedDemo(handle.db);
    const { importIds } = await seedDemoImports(handle.db);
    await enqueue(handle.db, QUEUES.demoFiling, { importIds });
    log(`Queued ${importIds.length} demo ERP exports; the worker imports them in the background, then files ${DEMO_FILED_PERIODS.map(demoMonth).join(" and ")} and submits ${demoMonth(DEMO_PENDING_PERIOD)} for approval`);
  }
  await handle.close();

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    ACTA_DATABASE_KIND: database.kind,
    AUTH_SECRET: ensureAuthSecret(),
    NODE_ENV: "production" as const,
  };
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    log("No production build yet: building (about a minute)");
    const build = spawn(process.execPath, [nextBin, "build"], { cwd: root, env: childEnv, stdio: "inherit" });
    const code = await new Promise<number>((r) => build.once("exit", (c) => r(c ?? 1)));
    if (code !== 0) {
      log("The build failed; see the output above");
      await shutdown(code);
      return;
    }
  }
  const server = spawn(process.execPath, [nextBin, "start", "-p", String(env.PORT)], { cwd: root, env: childEnv, stdio: "inherit" });
  running.server = server;
  log(`Acta on http://localhost:${env.PORT} (${database.kind === "embedded" ? "embedded PostgreSQL" : "PostgreSQL at DATABASE_URL"})`);
  server.once("exit", (code) => void shutdown(code ?? 0));
}

main().catch((e) => {
  log(`Start-up failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
