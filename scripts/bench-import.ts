import { appendFile } from "node:fs/promises";
import { createReadStream, createWriteStream } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createFonds } from "../lib/admin/create-fonds";
import { systemContext } from "../lib/context";
import { createErpConnector } from "../lib/erp/connectors/create-erp-connector";
import { runImport } from "../lib/erp/import/run-import";
import { startImport } from "../lib/erp/import/start-import";
import { prepareQueues } from "../lib/jobs/worker";
import { openBenchDatabase } from "./lib/bench-database";
import { runScript } from "./lib/run-script";
import { machineLine, machineMeter } from "./lib/cpu";
import { K3_HEADER, writeK3Csv } from "./lib/generate-k3-csv";

/**
 * `npm run bench:import -- --lines 1000000`: a K/3 voucher export of that many lines imported into a
 * fresh database through the API's code path (startImport, then the worker's runImport), against a
 * plain COPY of the same rows (a) into a bare table and (b) into tables with the columns and indexes
 * of records, vouchers, voucher_lines and record_search (the import writes its search rows too, GIN
 * index included); then the same file again. Runs on TEST_DATABASE_URL's or
 * DATABASE_URL's server, else on an embedded PostgreSQL in a temporary folder.
 */
const { values } = parseArgs({ options: { lines: { type: "string", default: "1000000" } } });
const lines = Number(values.lines);
if (!Number.isSafeInteger(lines) || lines < 4) throw new Error("--lines must be a whole number of at least 4");

const say = (text: string) => process.stdout.write(`${text}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const peakRssMib = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** A phase's line, with the peak so far: which phase sets the peak is what a memory fix needs to know. */
const sayPhase = (text: string) => say(`${text}; peak RSS so far ${peakRssMib()} MiB`);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

/**
 * One COPY on a connection of its own: postgres.js leaves a pooled connection unusable after a COPY TO
 * (the next query on it never returns), so each COPY gets a client that is closed afterwards.
 */
async function copy(url: string, statement: string, stream: (c: postgres.Sql) => Promise<void>) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await stream(client);
  } finally {
    await client.end({ timeout: 5 });
  }
  return statement;
}

async function main() {
  const { work, url, handle, label, close } = await openBenchDatabase("bench-import");
  try {
    await prepareQueues(url);
    const file = path.join(work, "k3-vouchers.csv");
    const [{ vouchers }, generateMs] = await timed(() => writeK3Csv(file, lines));
    sayPhase(`bench:import ${label}; ${lines} lines, ${vouchers} vouchers generated in ${seconds(generateMs)} s`);

    const ctx = systemContext(handle.db, "acta-bench");
    const fonds = await createFonds(ctx, { code: "B001", name: "基准测试全宗" });
    if (!fonds.ok) throw new Error(fonds.error.code);
    const connector = await createErpConnector(ctx, { fondsId: fonds.value.id, name: "金蝶 K/3", sourceSystem: "kingdee-k3", formatId: "kingdee-k3" });
    if (!connector.ok) throw new Error(connector.error.code);
    const importOnce = async (from = file) => {
      const started = await startImport(ctx, { connectorId: connector.value.id, file: createReadStream(from), fileName: path.basename(from) });
      if (!started.ok) throw new Error(started.error.code);
      const run = await runImport(handle.db, started.value.id);
      if (!run.ok || run.value.state !== "succeeded") throw new Error(`import failed: ${JSON.stringify(run)}`);
      return run.value.counts;
    };

    // The machine's shares during the first import alone: the phases after it load the cores differently.
    const machine = machineMeter();
    const [first, importMs] = await timed(importOnce);
    const importShares = machine();
    if (first.created !== vouchers) throw new Error(`expected ${vouchers} vouchers created, got ${JSON.stringify(first)}`);
    const linesPerS = rate(lines, importMs);
    sayPhase(`import: ${seconds(importMs)} s, ${linesPerS} lines/s, ${rate(vouchers, importMs)} vouchers/s`);
    say(machineLine(importShares));

    const [second, reimportMs] = await timed(importOnce);
    if (second.unchanged !== vouchers || second.created + second.updated + second.conflicts !== 0) throw new Error(`re-import changed something: ${JSON.stringify(second)}`);
    sayPhase(`re-import (all unchanged): ${seconds(reimportMs)} s`);
    // The same rows in other bytes (one more newline at the end) defeat the file-level shortcut: this is what an
    // ERP's next export of an unchanged period costs, voucher by voucher through the content hash.
    const sameRows = path.join(work, "k3-vouchers-again.csv");
    await pipeline(createReadStream(file), createWriteStream(sameRows));
    await appendFile(sameRows, "\r\n");
    const [third, rowsMs] = await timed(() => importOnce(sameRows));
    if (third.unchanged !== vouchers || third.created + third.updated + third.conflicts + third.rejected !== 0) throw new Error(`re-import of the same rows changed something: ${JSON.stringify(third)}`);
    sayPhase(`re-import of the same rows in another file (voucher by voucher): ${seconds(rowsMs)} s, ${(importMs / rowsMs).toFixed(1)}x faster than the first import`);

    const sql = handle.sql;
    const columns = K3_HEADER.split(",");
    await sql.unsafe(`create table bench_bare (${columns.map((c) => `"${c.toLowerCase()}" text`).join(", ")})`);
    const copyIn = (statement: string, from: string) => copy(url, statement, async (c) => pipeline(createReadStream(from), await c.unsafe(statement).writable()));
    const [, bareMs] = await timed(() => copyIn("copy bench_bare from stdin with (format csv, header true)", file));
    say(`COPY (a) into a bare table: ${seconds(bareMs)} s, ${rate(lines, bareMs)} lines/s`);

    // (b) The rows Acta wrote, copied back into tables shaped like Acta's (columns, defaults, indexes, unique keys).
    const tables = [
      ["records", "*"],
      ["vouchers", "*"],
      ["voucher_lines", "record_id, seq, summary, account_code, account_name, debit, credit, currency, exchange_rate, foreign_amount, quantity, unit_price, dimensions"],
      ["record_search", "*"],
    ] as const;
    const dumps: string[] = [];
    for (const [table, cols] of tables) {
      await sql.unsafe(`create table bench_${table} (like ${table} including all)`);
      const dump = path.join(work, `${table}.copy`);
      const statement = `copy (select ${cols} from ${table}) to stdout`;
      await copy(url, statement, async (c) => pipeline(await c.unsafe(statement).readable(), createWriteStream(dump)));
      dumps.push(dump);
    }
    const [, indexedMs] = await timed(async () => {
      for (const [i, [table, cols]] of tables.entries()) {
        const target = cols === "*" ? `bench_${table}` : `bench_${table} (${cols})`;
        await copyIn(`copy ${target} from stdin`, dumps[i]!);
      }
    });
    say(`COPY (b) into records/vouchers/voucher_lines/record_search-shaped tables: ${seconds(indexedMs)} s, ${rate(lines, indexedMs)} lines/s`);

    const ratioSame = linesPerS / rate(lines, indexedMs);
    const ratioBare = linesPerS / rate(lines, bareMs);
    say(
      `bench:import lines_per_s=${linesPerS} vouchers_per_s=${rate(vouchers, importMs)} ratio_same_indexes=${ratioSame.toFixed(2)} ratio_bare=${ratioBare.toFixed(2)} reimport_speedup=${(importMs / reimportMs).toFixed(1)} peak_rss_mib=${peakRssMib()}`,
    );
  } finally {
    await close();
  }
}

runScript("bench:import", main);
