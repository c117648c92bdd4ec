import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sql } from "drizzle-orm";
import { createFonds } from "../lib/admin/create-fonds";
import { DEFAULT_CHECK_REGISTRY } from "../lib/archive/checks/registry";
import { systemContext } from "../lib/context";
import { exportCheckReport } from "../lib/filing/export-check-report";
import { getCheckReport } from "../lib/filing/queries/get-check-report";
import { getFilingPeriod } from "../lib/filing/queries/get-filing-period";
import { recordManualCheck } from "../lib/filing/record-manual-check";
import { loadActor } from "../lib/auth/load-actor";
import { openBenchDatabase } from "./lib/bench-database";
import { runScript } from "./lib/run-script";
import { machineLine, machineMeter } from "./lib/cpu";

/**
 * `npm run bench:report -- --records 30000`: a stored four-property check run over that many vouchers (a
 * year of a large company's; 45 results each, one in a hundred failing 1-5 and one in ten warned by 2-8)
 * read as its pages read it: the report's first and last page of records, one opened record, and the
 * filing workbench's summary with its held-back preview, and the workbench's view of one month (its records,
 * volumes, and the runs that covered them); then a person's result for a manual item of one record (2-7) and
 * of the whole batch (3-6), as the report's buttons record them. Each read is timed warm (the best of three) and
 * weighed by the heap its answer holds. Then the run's downloadable report, as XLSX and as PDF. Runs on TEST_DATABASE_URL's or DATABASE_URL's
 * server, else on an embedded PostgreSQL in a temporary folder.
 */
const { values } = parseArgs({ options: { records: { type: "string", default: "30000" } } });
const count = Number(values.records);
if (!Number.isSafeInteger(count) || count < 1) throw new Error("--records must be a whole number of at least 1");

const say = (text: string) => process.stdout.write(`${text}\n`);

// Collections around each read, so the heap measured after it is what the read's answer holds.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function main() {
  const { handle, label, close } = await openBenchDatabase("bench-report");
  const machine = machineMeter();
  try {
    const ctx = systemContext(handle.db, "acta-bench");
    const fonds = await createFonds(ctx, { code: "B001", name: "基准测试全宗" });
    if (!fonds.ok) throw new Error(fonds.error.code);
    const fondsId = fonds.value.id;
    const db = handle.db;
    const started = performance.now();
    await db.execute(sql`
      insert into records (fonds_id, category, material_type, fiscal_year, period_kind, period, title, doc_date, amount, state, retention, source_system, source_key)
      select ${fondsId}, 'voucher', 'voucher', 2025, 'month', 1 + g % 12, '报销差旅费 ' || g, date '2025-01-01' + g % 360, 100.00, 'collected', 'Y30', 'bench', 'bench-' || g
      from generate_series(1, ${count}) g`);
    await db.execute(sql`
      insert into vouchers (record_id, fonds_id, source_system, fiscal_year, period, voucher_word, voucher_no, voucher_no_num, voucher_date, summary, debit_total, credit_total)
      select r.id, r.fonds_id, 'bench', r.fiscal_year, r.period, '记', n::text, n, r.doc_date, r.title, 100.00, 100.00
      from (select id, fonds_id, fiscal_year, period, doc_date, title, row_number() over (order by source_key) as n from records where fonds_id = ${fondsId}) r`);
    const scope = { fondsId, fiscalYear: 2025 };
    const [run] = (await db.execute(sql`
      insert into check_runs (fonds_id, stage, summary, periods)
      values (${fondsId}, 'GD', ${JSON.stringify({ scope, scopeKey: `period:${fondsId}:2025:year`, passed: false, records: count, failed: 1, warnings: 1, notPerformed: [], byProperty: {} })}::jsonb,
        (select array_agg(202500 + m) from generate_series(1, 12) m))
      returning id`)) as unknown as { id: string }[];
    const runId = run!.id;
    const perRecord = DEFAULT_CHECK_REGISTRY.filter((c) => c.scope === "record");
    const perBatch = DEFAULT_CHECK_REGISTRY.filter((c) => c.scope === "batch");
    type Items = readonly { code: string; property: string }[];
    const codes = (list: Items) => sql`${sql.param(list.map((c) => c.code))}::text[]`;
    const properties = (list: Items) => sql`${sql.param(list.map((c) => c.property))}::text[]`;
    await db.execute(sql`
      insert into check_results (run_id, record_id, code, property, outcome, detail)
      select ${runId}, r.id, c.code, c.property,
        (case when c.code = '1-5' and r.n % 100 = 0 then 'fail' when c.code = '2-8' and r.n % 10 = 0 then 'warning' else 'pass' end)::check_outcome,
        case when c.code = '1-5' and r.n % 100 = 0 then jsonb_build_object('code', 'archive.check.unbalanced', 'params', jsonb_build_object('debit', '100.00', 'credit', '99.00'))
          when c.code = '2-8' and r.n % 10 = 0 then jsonb_build_object('code', 'archive.check.attachments_missing', 'params', jsonb_build_object('declared', 2, 'linked', 0))
          else jsonb_build_object('code', 'archive.check.passed') end
      from (select id, row_number() over (order by id) as n from records where fonds_id = ${fondsId}) r
        cross join unnest(${codes(perRecord)}, ${properties(perRecord)}) as c(code, property)`);
    await db.execute(sql`
      insert into check_results (run_id, record_id, code, property, outcome, detail)
      select ${runId}, null, c.code, c.property, 'pass', jsonb_build_object('code', 'archive.check.passed')
      from unnest(${codes(perBatch)}, ${properties(perBatch)}) as c(code, property)`);
    await db.execute(sql`analyze`);
    const results = count * perRecord.length + perBatch.length;
    say(`bench:report ${label}; a check run over ${count} vouchers, ${results} results, stored in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const [opened] = (await db.execute(sql`select id from records where fonds_id = ${fondsId} order by id desc limit 1`)) as unknown as { id: string }[];
    const reads: Record<string, () => Promise<{ ok: boolean; error?: { code: string } }>> = {
      first_page: () => getCheckReport(ctx, { runId }),
      last_page: () => getCheckReport(ctx, { runId, page: Math.ceil(count / 100) }),
      record: () => getCheckReport(ctx, { runId, record: opened!.id }),
      workbench: () => getCheckReport(ctx, { runId, heldBack: true }),
      period_view: () => getFilingPeriod(ctx, { fondsId, fiscalYear: 2025, period: 1 }),
    };
    const figures: string[] = [];
    // The answer is held outside the loop and let go before the next read, so each read is weighed alone.
    let answer: Awaited<ReturnType<(typeof reads)[string]>> | null = null;
    for (const [name, read] of Object.entries(reads)) {
      let best = Infinity;
      let heap = 0;
      for (let i = 0; i < 3; i++) {
        answer = null;
        gc();
        const before = process.memoryUsage().heapUsed;
        const start = performance.now();
        answer = await read();
        best = Math.min(best, performance.now() - start);
        if (!answer.ok) throw new Error(answer.error!.code);
        gc();
        heap = Math.max(heap, process.memoryUsage().heapUsed - before);
      }
      say(`${name}: ${best.toFixed(0)} ms, ${(heap / 2 ** 20).toFixed(1)} MiB of heap held by its answer`);
      figures.push(`${name}_ms=${best.toFixed(0)}`);
    }
    // What an archivist's click on a manual item costs on a year's run: one record's item, then the batch's.
    const [archivist] = (await db.execute(sql`insert into users (username, display_name) values ('bench-archivist', '基准 档案员') returning id`)) as unknown as { id: string }[];
    await db.execute(sql`insert into role_assignments (user_id, fonds_id, role) values (${archivist!.id}, ${fondsId}, 'archivist')`);
    const person = { ...ctx, actor: await loadActor(db, archivist!.id) };
    const manual = { manual_record: { recordId: opened!.id, code: "2-7" }, manual_batch: { code: "3-6" } };
    for (const [name, item] of Object.entries(manual)) {
      let best = Infinity;
      for (const outcome of ["warning", "fail", "pass"] as const) {
        const start = performance.now();
        const recorded = await recordManualCheck(person, { runId, ...item, outcome });
        best = Math.min(best, performance.now() - start);
        if (!recorded.ok) throw new Error(recorded.error.code);
      }
      say(`${name}: ${best.toFixed(0)} ms; peak RSS so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
      figures.push(`${name}_ms=${best.toFixed(0)}`);
    }
    // The downloads: every result in the XLSX, the failures and warnings in the PDF.
    for (const format of ["xlsx", "pdf"] as const) {
      const start = performance.now();
      const exported = await exportCheckReport(ctx, { runId, format });
      if (!exported.ok) throw new Error(exported.error.code);
      let bytes = 0;
      for await (const chunk of exported.value.body) bytes += (chunk as Buffer).length;
      const ms = performance.now() - start;
      say(`export ${format}: ${(ms / 1000).toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(1)} MiB; peak RSS so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
      figures.push(`export_${format}_ms=${ms.toFixed(0)}`);
    }
    say(machineLine(machine()));
    say(`bench:report records=${count} results=${results} ${figures.join(" ")} peak_rss_mib=${Math.round(process.resourceUsage().maxRSS / 1024)}`);
  } finally {
    await close();
  }
}

runScript("bench:report", main);
