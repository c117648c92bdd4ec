import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { Agent, get } from "node:http";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { parseArgs } from "node:util";
import { type SQL, sql as raw } from "drizzle-orm";
import { eq } from "drizzle-orm";
import type { DbHandle } from "../db";
import { fonds as fondsTable } from "../db/schema";
import { createFonds } from "../lib/admin/create-fonds";
import { createUser } from "../lib/auth/create-user";
import { grantRole } from "../lib/auth/grant-role";
import { loadActor } from "../lib/auth/load-actor";
import { type ServiceContext, systemContext } from "../lib/context";
import { generateLedger, type DemoVoucher } from "../lib/demo/generate-ledger";
import { writeKingdeeK3Csv } from "../lib/demo/write-kingdee-k3-csv";
import { createErpConnector } from "../lib/erp/connectors/create-erp-connector";
import { runImport } from "../lib/erp/import/run-import";
import { startImport } from "../lib/erp/import/start-import";
import { prepareQueues } from "../lib/jobs/worker";
import { parseQuery } from "../lib/search/parse-query";
import { SearchInput } from "../lib/search/search-input";
import { isDense, searchRecords, searchScope } from "../lib/search/search-records";
import { searchPath, searchSql } from "../lib/search/search-sql";
import { openBenchDatabase } from "./lib/bench-database";
import { runScript } from "./lib/run-script";
import { findWrk, runWrk } from "./lib/wrk";
import { configuredPoolSize } from "../db/pool-size";
import { cpuLine, cpuMeter, machineLine, machineMeter } from "./lib/cpu";

/**
 * `npm run bench:search -- --lines 1000000`: a fresh database filled through the importer with that many
 * voucher lines (the demo's ledger generator, five fiscal years, Kingdee K/3 exports), then the production
 * build (`next start`, run `next build` first) driven over GET /api/records by concurrent signed-in
 * clients with a fixed list of queries, and the same queries run in-process by searchRecords straight on
 * the database. Runs on TEST_DATABASE_URL's or DATABASE_URL's server, else on an embedded PostgreSQL.
 * The figures of the last line come from wrk when it is installed (`apt-get install wrk`): the clients then
 * run in C, while node:http clients in this process take a quarter of a 2-core machine from the server they
 * measure. Without wrk they come from the node:http clients, which also give each query's own p95.
 */
const { values } = parseArgs({
  options: {
    lines: { type: "string", default: "1000000" },
    clients: { type: "string", default: "20" },
    rounds: { type: "string", default: "5" },
    // How long wrk drives the server, when installed.
    seconds: { type: "string", default: "20" },
    port: { type: "string", default: "3299" },
    // Import once, measure many times: --keep --only-import fills a database and leaves it; --reuse <name> measures it and leaves it too.
    keep: { type: "boolean", default: false },
    "only-import": { type: "boolean", default: false },
    reuse: { type: "string" },
  },
});
const lines = Number(values.lines);
const clients = Number(values.clients);
const rounds = Number(values.rounds);
const wrkSeconds = Number(values.seconds);
const port = Number(values.port);
if (!Number.isSafeInteger(lines) || lines < 100) throw new Error("--lines must be a whole number of at least 100");
for (const [flag, value] of [["clients", clients], ["rounds", rounds], ["seconds", wrkSeconds]] as const)
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${flag} must be a whole number of at least 1`);

const YEARS = [2021, 2022, 2023, 2024, 2025];
const COMPANY = { name: "基准测试集团有限公司", taxId: "91440101MABENCH01X", province: "44" };
const root = path.resolve(import.meta.dirname, "..");
const say = (text: string) => process.stdout.write(`${text}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A year of the demo ledger sized so the five years hold about `lines` lines (2.6 lines per voucher on average, measured). */
function ledgerFor(year: number, vouchersPerMonth: number): DemoVoucher[] {
  return generateLedger({ seed: year, fiscalYear: year, company: COMPANY, vouchersPerMonth });
}

/** The fixed query list: words of two characters and more, account names, invoice numbers and amount ranges, alone and with a year. */
function queryList(invoiceNos: string[]): Record<string, string>[] {
  const words = ["差旅", "招待费", "办公", "货款", "工资", "折旧", "增值税", "手续费", "备用金", "住宿"];
  const accounts = ["银行存款", "应付账款", "库存现金", "管理费用-差旅费", "主营业务收入"];
  const amounts: [string, string][] = [
    ["1000", "2000"],
    ["50000", "80000"],
    ["100", "150.50"],
  ];
  const list: Record<string, string>[] = [];
  for (const [i, q] of words.entries()) {
    list.push({ q });
    list.push({ q, fiscalYear: String(YEARS[i % YEARS.length]) });
  }
  for (const [i, q] of accounts.entries()) {
    list.push({ q });
    list.push({ q, fiscalYear: String(YEARS[(i + 2) % YEARS.length]) });
  }
  for (const q of invoiceNos) list.push({ q });
  for (const [i, [amountMin, amountMax]] of amounts.entries()) {
    list.push({ amountMin, amountMax });
    list.push({ amountMin, amountMax, fiscalYear: String(YEARS[(i + 1) % YEARS.length]) });
    list.push({ q: words[i]!, amountMin, amountMax, fiscalYear: String(YEARS[i % YEARS.length]) });
  }
  list.push({ fiscalYear: "2024", period: "6" });
  list.push({ account: "6602", fiscalYear: "2023" });
  return list;
}

/** Each query's index `passes` times, in a fixed shuffle, so concurrent clients mix queries the same way on every run. */
function shuffledJobs(count: number, passes: number): number[] {
  const jobs: number[] = [];
  for (let r = 0; r < passes; r++) for (let i = 0; i < count; i++) jobs.push(i);
  let seed = 7;
  for (let i = jobs.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
  }
  return jobs;
}

/** Runs every query `passes` times over `clients` workers pulling from one shared queue; returns each call's milliseconds per query index. */
async function drive(queries: Record<string, string>[], call: (q: Record<string, string>) => Promise<void>, passes = rounds) {
  const jobs = shuffledJobs(queries.length, passes);
  const times: { query: number; ms: number }[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < jobs.length) {
        const query = jobs[next++]!;
        const t0 = performance.now();
        await call(queries[query]!);
        times.push({ query, ms: performance.now() - t0 });
      }
    }),
  );
  const wallMs = performance.now() - started;
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  return { times, wallMs, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), rps: times.length / (wallMs / 1000) };
}

type Must = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }, what: string) => T;

/** One K/3 export per fiscal year through the importer (startImport, then the worker's runImport). */
async function importArchive(url: string, handle: DbHandle, ctx: ServiceContext, must: Must) {
  await prepareQueues(url);
  const fonds = must(await createFonds(ctx, { code: "B001", name: "基准测试全宗" }), "fonds");
  const connector = must(await createErpConnector(ctx, { fondsId: fonds.id, name: "金蝶 K/3", sourceSystem: "kingdee-k3", formatId: "kingdee-k3" }), "connector");
  const vouchersPerMonth = Math.max(1, Math.round(lines / 2.6 / 12 / YEARS.length));
  let imported = 0;
  const started = performance.now();
  for (const year of YEARS) {
    const ledger = ledgerFor(year, vouchersPerMonth);
    imported += ledger.reduce((n, v) => n + v.lines.length, 0);
    const file = writeKingdeeK3Csv(ledger);
    const queued = must(await startImport(ctx, { connectorId: connector.id, file: Readable.from([file]), fileName: `k3-${year}.csv` }), `import ${year}`);
    const run = await runImport(handle.db, queued.id);
    if (!run.ok || run.value.state !== "succeeded") throw new Error(`import ${year} failed: ${JSON.stringify(run)}`);
    say(`imported ${year}: ${run.value.counts.created} vouchers, ${imported} lines so far, ${seconds(performance.now() - started)} s`);
  }
  // What autovacuum does on its own after a bulk insert (its insert threshold), done now so the measurement
  // sees the steady state: fresh statistics and a visibility map, not the minutes right after an import.
  await handle.sql`vacuum analyze`;
}

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${ms / 1000} s`);
}

/** Signs in through Auth.js's credentials endpoint as a browser would, returning the session cookie. */
async function signIn(base: string, username: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${base}/` }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return session.split(";")[0]!;
}

async function main() {
  if (!values["only-import"] && !existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("no production build: run `npx next build` first");
  const { work, url, name, handle, label, close } = await openBenchDatabase("bench-search", { pool: 10, keep: values.keep || values["only-import"], ...(values.reuse ? { reuse: values.reuse } : {}) });
  let next: ChildProcess | undefined;
  try {
    const ctx = systemContext(handle.db, "acta-bench");
    const must: Must = (r, what) => {
      if (!r.ok) throw new Error(`${what}: ${r.error.code}`);
      return r.value;
    };
    if (!values.reuse) await importArchive(url, handle, ctx, must);
    const [fonds] = await handle.db.select({ id: fondsTable.id }).from(fondsTable).where(eq(fondsTable.code, "B001"));
    if (!fonds) throw new Error(`database ${name} holds no benchmark fonds B001`);
    if (values["only-import"]) {
      say(`bench:search database ${name} kept; measure it with --reuse ${name}`);
      return;
    }
    const password = `Bench-${randomBytes(12).toString("base64url")}`;
    const username = `bench-${Date.now()}`;
    const user = must(await createUser(ctx, { username, displayName: "基准档案员", password }), "user");
    must(await grantRole(ctx, { userId: user.id, role: "archivist", fondsId: fonds.id }), "role");
    // Ten cited invoice numbers spread over the archive, the same on every run over the same data.
    const invoiceNos = (
      (await handle.sql`select ref_no from (select ref_no, row_number() over (order by ref_no) n, count(*) over () c from voucher_refs where ref_type = 'invoice') x where n % greatest(c / 10, 1) = 0 limit 10`) as unknown as { ref_no: string }[]
    ).map((r) => r.ref_no);
    const [size] = (await handle.sql`select (select count(*) from voucher_lines)::int as lines, (select count(*) from vouchers)::int as vouchers`) as unknown as { lines: number; vouchers: number }[];
    say(`bench:search ${label}, database ${name}: ${size!.lines} voucher lines, ${size!.vouchers} vouchers; the server's pool: ${configuredPoolSize()} connections`);

    const queries = queryList(invoiceNos);
    const actor = (await loadActor(handle.db, user.id))!;
    const userCtx: ServiceContext = { db: handle.db, actor, now: () => new Date(), request: { ip: null, userAgent: "bench-search" } };
    const withFonds = (q: Record<string, string>) => ({ fondsId: fonds.id, ...q });
    const recordsPath = (q: Record<string, string>) => `/api/records?${new URLSearchParams(withFonds(q))}`;

    // The production build against the benchmark's database.
    next = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, ACTA_DATABASE_KIND: "postgres", AUTH_SECRET: randomBytes(32).toString("base64"), NODE_ENV: "production", LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/health`, 120_000);
    const cookie = await signIn(base, username, password);
    // node:http over kept-alive sockets, asking for gzip as a browser does: fetch (undici) costs this 2-core
    // machine more CPU per request than the server's own work (as in bench:callbacks), and that is not Acta's.
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const http = (q: Record<string, string>) =>
      new Promise<void>((resolve, reject) => {
        const headers = { cookie, accept: "application/json", "accept-encoding": "gzip" };
        const req = get({ host: "127.0.0.1", port, path: recordsPath(q), agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.once("end", () => {
            // Inside try: an exception thrown in this handler would end the process and leave `next start` running.
            try {
              const raw = Buffer.concat(chunks);
              const text = (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
              const body = JSON.parse(text) as { items?: unknown[] };
              if (res.statusCode === 200 && Array.isArray(body.items)) resolve();
              else reject(new Error(`HTTP ${res.statusCode} for ${JSON.stringify(q)}: ${text.slice(0, 200)}`));
            } catch (e) {
              reject(e as Error);
            }
          });
        });
        req.once("error", reject);
      });
    const db = async (q: Record<string, string>) => {
      const r = await searchRecords(userCtx, withFonds(q));
      if (!r.ok) throw new Error(`searchRecords ${JSON.stringify(q)}: ${r.error.code}`);
    };

    // One warm-up pass each, with every client, so both sides start with the same caches and with their
    // pools' connections open: a sequential pass opened one, and the first measured round paid for opening
    // the other nine, each of whose backends loads its catalogue caches on its first statements.
    const hw = await drive(queries, http, 1);
    const dw = await drive(queries, db, 1);
    say(`warm-up (${clients} clients, one pass, not counted): http p95 ${hw.p95.toFixed(1)} ms, db p95 ${dw.p95.toFixed(1)} ms`);
    const h = await drive(queries, http);
    say(`http  (node:http, ${clients} clients, ${h.times.length} requests): p50 ${h.p50.toFixed(1)} ms, p95 ${h.p95.toFixed(1)} ms, p99 ${h.p99.toFixed(1)} ms, ${h.rps.toFixed(1)} req/s`);
    const d = await drive(queries, db);
    say(`db    (${clients} clients, ${d.times.length} queries, searchRecords in-process): p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, ${d.rps.toFixed(1)} q/s`);
    const wrk = findWrk();
    const cpu = cpuMeter(next.pid!);
    const machine = machineMeter();
    const w = wrk
      ? await runWrk({
          wrk,
          dir: work,
          base,
          paths: shuffledJobs(queries.length, 1).map((i) => recordsPath(queries[i]!)),
          headers: { cookie, accept: "application/json", "accept-encoding": "gzip" },
          connections: clients,
          seconds: wrkSeconds,
        })
      : null;
    if (w) {
      say(`http  (wrk, ${clients} connections, ${w.requests} requests in ${w.seconds.toFixed(1)} s): p50 ${w.p50.toFixed(1)} ms, p95 ${w.p95.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms, ${w.rps.toFixed(1)} req/s`);
      say(cpuLine("search", cpu(w.requests)));
      say(machineLine(machine()));
    }
    else say("wrk is not installed (apt-get install wrk): the last line gives the node:http clients' figures");
    const final = w ?? h;

    // Per query, the slowest by the database's own p95; its plan is what to read when a target is missed.
    const perQuery = queries.map((q, i) => {
      const ms = d.times.filter((t) => t.query === i).map((t) => t.ms).sort((a, b) => a - b);
      const hs = h.times.filter((t) => t.query === i).map((t) => t.ms).sort((a, b) => a - b);
      return { q, dbP95: percentile(ms, 95), httpP95: percentile(hs, 95) };
    });
    perQuery.sort((a, b) => b.dbP95 - a.dbP95);
    say("slowest queries (db p95 / http p95):");
    for (const s of perQuery.slice(0, 5)) say(`  ${s.dbP95.toFixed(1)} ms / ${s.httpP95.toFixed(1)} ms  ${JSON.stringify(s.q)}`);
    const slowest = SearchInput.parse(withFonds(perQuery[0]!.q));
    const slowestWords = slowest.q ? parseQuery(slowest.q) : null;
    const { page, count, probe, walkable } = searchSql(slowest, slowestWords, searchScope(userCtx)!);
    const [counted] = (await handle.db.execute(count)) as unknown as { n: number }[];
    const chosen = searchPath(counted!.n, walkable);
    const statements: [string, SQL][] = [
      [`page, ${chosen} path`, page(chosen)],
      ["count", count],
    ];
    // searchRecords runs the probe first only for words its statistics call dense; a plan it never runs would mislead.
    if (probe && (await isDense(handle.db, slowestWords, slowest.account))) statements.push(["probe, for a dense word", probe]);
    for (const [label, statement] of statements) {
      const plan = (await handle.db.execute(raw`explain (analyze, buffers) ${statement}`)) as unknown as { "QUERY PLAN": string }[];
      say(`EXPLAIN ANALYZE (${label}) of ${JSON.stringify(perQuery[0]!.q)}:`);
      for (const r of plan) say(`  ${r["QUERY PLAN"]}`);
    }
    say(`bench:search p50_ms=${final.p50.toFixed(1)} p95_ms=${final.p95.toFixed(1)} p99_ms=${final.p99.toFixed(1)} rps=${final.rps.toFixed(1)} db_p95_ms=${d.p95.toFixed(1)} http_over_db=${(final.p95 / d.p95).toFixed(2)}`);
  } finally {
    if (next) {
      next.kill("SIGTERM");
      await new Promise((r) => next!.once("exit", r));
    }
    await close();
  }
}

runScript("bench:search", main);
