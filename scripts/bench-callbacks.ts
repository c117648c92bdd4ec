import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../db";
import { createDatabase, dropDatabase, migrateDatabase } from "../db/runtime/migrate";
import { seedReferenceData } from "../db/seed/reference";
import { createFonds } from "../lib/admin/create-fonds";
import { systemContext } from "../lib/context";
import { ACTA_SIGNATURE_HEADER, ACTA_TIMESTAMP_HEADER, signGeneric } from "../lib/oa/adapters/generic";
import { createOaConnector } from "../lib/oa/connectors/create-oa-connector";
import { setOaUserMapping } from "../lib/oa/connectors/set-oa-user-mapping";
import { configuredPoolSize } from "../db/pool-size";
import { cpuLine, cpuMeter, machineLine, machineMeter } from "./lib/cpu";

/**
 * `npm run bench:callbacks -- --events 5000 --clients 32`: signed generic decision callbacks from
 * concurrent clients against the production build (`npm start`, i.e. `next start` plus the worker) on a
 * fresh database on TEST_DATABASE_URL's or DATABASE_URL's server (default the local 127.0.0.1:5432).
 * Every event is sent twice, freshly signed (a redelivery, as an OA retries), in shuffled order, so half
 * the callbacks are repeats that must change nothing: the decisions recorded must equal the events.
 * Each event decides the first of two steps of its own pending request, so no filing consequence is
 * timed, only the callback path (verify, log, replay check, decision, audit, notification).
 * Uses the build in .next: run it under `flock /tmp/acta-e2e.lock` so no one rebuilds meanwhile.
 */
const { values } = parseArgs({ options: { events: { type: "string", default: "5000" }, clients: { type: "string", default: "32" } } });
const events = Number(values.events);
const clients = Number(values.clients);
if (!Number.isSafeInteger(events) || events < 1 || !Number.isSafeInteger(clients) || clients < 1) throw new Error("--events and --clients must be whole numbers of at least 1");

const root = path.resolve(import.meta.dirname, "..");
const say = (text: string) => process.stdout.write(`${text}\n`);
const OA_USER = "oa-bench";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(base: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const up = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not answer /api/health within 2 minutes");
}

/** A fonds, a finance approver the OA account maps to, a generic connector and `count` two-step requests. */
async function plant(url: string, secret: string, count: number) {
  const handle = createDb(url, { max: 2 });
  try {
    await seedReferenceData(handle.db);
    const ctx = systemContext(handle.db, "acta-bench");
    const fonds = await createFonds(ctx, { code: "B001", name: "基准测试全宗" });
    if (!fonds.ok) throw new Error(fonds.error.code);
    const fondsId = fonds.value.id;
    const sql = handle.sql;
    const [requester] = await sql<{ id: string }[]>`insert into users (username, display_name) values ('bench-archivist', '基准 档案员') returning id`;
    const [approver] = await sql<{ id: string }[]>`insert into users (username, display_name) values ('bench-finance', '基准 财务') returning id`;
    await sql`insert into role_assignments (user_id, fonds_id, role) values (${requester!.id}, ${fondsId}, 'archivist'), (${approver!.id}, ${fondsId}, 'finance_approver')`;
    const connector = await createOaConnector(ctx, { fondsId, kind: "generic", name: "基准 OA", baseUrl: "http://127.0.0.1:9", secrets: { hmacSecret: secret } });
    if (!connector.ok) throw new Error(connector.error.code);
    const mapped = await setOaUserMapping(ctx, { connectorId: connector.value.connector.id, oaUserId: OA_USER, username: "bench-finance" });
    if (!mapped.ok) throw new Error(mapped.error.code);
    const approvals = await sql<{ id: string }[]>`
      insert into approval_requests (fonds_id, kind, subject_id, title, requested_by)
      select ${fondsId}, 'filing', gen_random_uuid(), '基准审批 ' || n, ${requester!.id} from generate_series(1, ${count}) n
      returning id`;
    await sql`
      insert into approval_steps (request_id, seq, role, state)
      select id, s.seq, s.role::role, s.state::approval_step_state
      from unnest(${approvals.map((a) => a.id)}::uuid[]) as r(id)
      cross join (values (1, 'finance_approver', 'pending'), (2, 'archivist', 'waiting')) as s(seq, role, state)`;
    return { connectorId: connector.value.connector.id, approvalIds: approvals.map((a) => a.id) };
  } finally {
    await handle.close();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("no production build: run `npx next build` first (under flock /tmp/acta-e2e.lock)");
  const work = await mkdtemp(path.join(os.tmpdir(), "acta-bench-callbacks-"));
  await chmod(work, 0o755);
  // The server and this process must derive the same key to open the connector's secret.
  const env = { ACTA_DATA_DIR: path.join(work, "data"), AUTH_SECRET: randomBytes(32).toString("base64"), ACTA_SECRET_KEY: "" };
  Object.assign(process.env, env);
  const server = new URL(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");
  server.pathname = "/postgres";
  const name = `acta_bench_callbacks_${Date.now()}`;
  const url = await createDatabase(server.toString(), name);
  let acta: ChildProcess | undefined;
  try {
    await migrateDatabase(url);
    const secret = randomBytes(24).toString("hex");
    const { connectorId, approvalIds } = await plant(url, secret, events);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    acta = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", "start.ts")], {
      cwd: root,
      env: { ...process.env, ...env, DATABASE_URL: url, PORT: String(port) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitForHealth(base, acta);
    say(`bench:callbacks PostgreSQL at ${server.host}; ${events} events, ${2 * events} callbacks (half repeats), ${clients} clients; the server's pool: ${configuredPoolSize()} connections`);

    // node:http with kept-alive sockets, as an OA's webhook client sends: fetch (undici) costs this
    // 2-core machine more CPU per request than the server's own work, and asks for gzip the OA does not.
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const callbackPath = `/api/connectors/oa/${connectorId}/callback`;
    const send = (body: string, timestamp: number) =>
      new Promise<number>((resolve, reject) => {
        const ts = String(timestamp);
        const req = http.request(
          { host: "127.0.0.1", port, method: "POST", path: callbackPath, agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), [ACTA_TIMESTAMP_HEADER]: ts, [ACTA_SIGNATURE_HEADER]: signGeneric(secret, ts, body) } },
          (res) => {
            res.resume();
            res.once("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.once("error", reject);
        req.end(body);
      });
    // Warm-up: events of a type Acta acknowledges and ignores, so the route and its modules are loaded.
    for (let i = 0; i < 50; i++) await send(JSON.stringify({ eventId: `warm-${i}`, type: "approval.noted" }), Math.floor(Date.now() / 1000));

    const bodies = approvalIds.map((approvalId, i) =>
      JSON.stringify({ eventId: `bench-${i}`, type: "approval.decided", approvalId, decision: "approved", comment: "同意", decidedBy: OA_USER, decidedAt: new Date().toISOString() }),
    );
    // Each event twice, each delivery signed with a timestamp the other did not use: a redelivery, never a
    // byte-for-byte replay (which Acta rightly answers 401).
    const used = bodies.map(() => new Set<number>());
    const sends = bodies.flatMap((body, event) => [{ body, event }, { body, event }]);
    for (let i = sends.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [sends[i], sends[j]] = [sends[j]!, sends[i]!];
    }
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const cpu = cpuMeter(acta.pid!);
    const machine = machineMeter();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < sends.length) {
          const { body, event } = sends[next++]!;
          let ts = Math.floor(Date.now() / 1000);
          while (used[event]!.has(ts)) ts -= 1;
          used[event]!.add(ts);
          const t0 = performance.now();
          const status = await send(body, ts);
          latencies.push(performance.now() - t0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const elapsed = performance.now() - started;
    const perCallback = cpu(sends.length);
    const shares = machine();

    const handle = createDb(url, { max: 1 });
    const [counts] = await handle.sql<{ recorded: number; duplicate: number; other: number }[]>`
      select count(*) filter (where outcome = 'recorded')::int as recorded, count(*) filter (where outcome = 'duplicate')::int as duplicate,
        count(*) filter (where outcome not in ('recorded', 'duplicate'))::int as other
      from approval_decisions where source = 'oa'`;
    const outcomes = await handle.sql<{ outcome: string; n: number }[]>`
      select outcome, count(*)::int as n from oa_callbacks where event_id like 'bench-%' group by outcome order by outcome`;
    await handle.close();

    latencies.sort((a, b) => a - b);
    const perS = Math.round(sends.length / (elapsed / 1000));
    const p95 = percentile(latencies, 95).toFixed(1);
    const p99 = percentile(latencies, 99).toFixed(1);
    say(`statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}; callback log: ${outcomes.map((o) => `${o.outcome}×${o.n}`).join(", ")}`);
    say(`${sends.length} callbacks in ${(elapsed / 1000).toFixed(1)} s: ${perS} callbacks/s; latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${p95} ms, p99 ${p99} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
    say(`decisions recorded: ${counts!.recorded} (distinct events ${events}); repeats logged as duplicates: ${counts!.duplicate}; other: ${counts!.other}`);
    say(cpuLine("callback", perCallback));
    say(machineLine(shares));
    say(`bench:callbacks per_s=${perS} p95_ms=${p95} p99_ms=${p99} events=${events} decisions=${counts!.recorded}`);
    if (counts!.recorded !== events || statuses.get(200) !== sends.length) process.exitCode = 1;
  } finally {
    if (acta && acta.exitCode === null) {
      acta.kill("SIGTERM");
      await new Promise((r) => acta!.once("exit", r));
    }
    await dropDatabase(server.toString(), name).catch(() => {});
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
