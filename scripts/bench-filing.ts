import { createReadStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { createFonds } from "../lib/admin/create-fonds";
import { decideApproval } from "../lib/approvals/decide-approval";
import { loadActor } from "../lib/auth/load-actor";
import { systemContext } from "../lib/context";
import { createErpConnector } from "../lib/erp/connectors/create-erp-connector";
import { runImport } from "../lib/erp/import/run-import";
import { startImport } from "../lib/erp/import/start-import";
import { submitFiling } from "../lib/filing/submit-filing";
import { prepareQueues } from "../lib/jobs/worker";
import { openBenchDatabase } from "./lib/bench-database";
import { writeK3Csv } from "./lib/generate-k3-csv";
import { runScript } from "./lib/run-script";
import { machineLine, machineMeter } from "./lib/cpu";

/**
 * `npm run bench:filing -- --vouchers 3000`: one month of that many vouchers, imported from a K/3 export
 * through the real import path, then submitted for filing as the workbench submits it (volumes, the
 * four-property checks, what is held back and why, the approval request). First with voucher 记-2 missing:
 * the batch fails 2-6 (numbering), so every record is held back, each told why; then, 记-2 imported, whole,
 * its warnings overridden; last, the finance approver approves it, which files every record (archival codes,
 * sealed volumes, the audit trail).
 * Runs on TEST_DATABASE_URL's or DATABASE_URL's server, else on an embedded PostgreSQL in a temporary folder.
 */
const { values } = parseArgs({ options: { vouchers: { type: "string", default: "3000" } } });
const count = Number(values.vouchers);
if (!Number.isSafeInteger(count) || count < 3) throw new Error("--vouchers must be a whole number of at least 3");

const say = (text: string) => process.stdout.write(`${text}\n`);
const peakRssMib = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function main() {
  const { work, url, handle, label, close } = await openBenchDatabase("bench-filing");
  const machine = machineMeter();
  try {
    await prepareQueues(url);
    const ctx = systemContext(handle.db, "acta-bench");
    const fonds = await createFonds(ctx, { code: "B001", name: "基准测试全宗" });
    if (!fonds.ok) throw new Error(fonds.error.code);
    const fondsId = fonds.value.id;
    const connector = await createErpConnector(ctx, { fondsId, name: "金蝶 K/3", sourceSystem: "kingdee-k3", formatId: "kingdee-k3" });
    if (!connector.ok) throw new Error(connector.error.code);
    const sql = handle.sql;
    const [archivist, approver] = await sql<{ id: string }[]>`insert into users (username, display_name) values ('bench-archivist', '基准 档案员'), ('bench-finance', '基准 财务') returning id`;
    await sql`insert into role_assignments (user_id, fonds_id, role) values (${archivist!.id}, ${fondsId}, 'archivist'), (${approver!.id}, ${fondsId}, 'finance_approver')`;
    const person = { ...ctx, actor: await loadActor(handle.db, archivist!.id) };

    const whole = path.join(work, "k3-month.csv");
    await writeK3Csv(whole, count * 4, 1);
    // The same export without voucher 记-2 of January: a gap in the month's numbering.
    const gapped = path.join(work, "k3-month-gap.csv");
    await writeFile(gapped, (await readFile(whole, "utf8")).split("\n").filter((line) => !/^[^,]*,1,记,2,/.test(line)).join("\n"));
    const importFile = async (file: string) => {
      const started = await startImport(ctx, { connectorId: connector.value.id, file: createReadStream(file), fileName: path.basename(file) });
      if (!started.ok) throw new Error(started.error.code);
      const run = await runImport(handle.db, started.value.id);
      if (!run.ok || run.value.state !== "succeeded") throw new Error(`import failed: ${JSON.stringify(run)}`);
    };
    // The export declares two attachments per voucher and brings none: 2-8 warns for every voucher, which the
    // clerk overrides the second time, as the workbench's checkbox does.
    const submit = async (overrideWarnings: boolean) => {
      const start = performance.now();
      const submitted = await submitFiling(person, { fondsId, fiscalYear: 2024, period: 1 }, { overrideWarnings });
      return { submitted, ms: performance.now() - start };
    };

    await importFile(gapped);
    say(`bench:filing ${label}; a month of ${count - 1} vouchers imported, 记-2 missing`);
    const held = await submit(false);
    if (held.submitted.ok || held.submitted.error.code !== "filing.nothing_to_file") throw new Error(`expected every record held back: ${JSON.stringify(held.submitted)}`);
    say(`held back (2-6 failed for the batch): ${(held.ms / 1000).toFixed(1)} s, ${held.submitted.error.params?.heldBack} records held back; peak RSS so far ${peakRssMib()} MiB`);

    await importFile(whole);
    const filed = await submit(true);
    if (!filed.submitted.ok) throw new Error(`expected the month submitted: ${JSON.stringify(filed.submitted)}`);
    const [filing] = await sql<{ included: number }[]>`select count(*)::int as included from records where fonds_id = ${fondsId} and state = 'filing'`;
    say(`submitted whole: ${(filed.ms / 1000).toFixed(1)} s, ${filing!.included} records in the filing request; peak RSS so far ${peakRssMib()} MiB`);

    const approving = performance.now();
    const decided = await decideApproval({ ...ctx, actor: await loadActor(handle.db, approver!.id) }, { approvalId: filed.submitted.value.approvalId, decision: "approve", source: "ui" });
    const approvedMs = performance.now() - approving;
    if (!decided.ok || decided.value.state !== "approved") throw new Error(`expected the request approved: ${JSON.stringify(decided)}`);
    const [archived] = await sql<{ n: number }[]>`select count(*)::int as n from records where fonds_id = ${fondsId} and state = 'archived'`;
    say(`approved and filed: ${(approvedMs / 1000).toFixed(1)} s, ${archived!.n} records archived; peak RSS so far ${peakRssMib()} MiB`);
    say(machineLine(machine()));
    say(`bench:filing vouchers=${count} held_back_ms=${held.ms.toFixed(0)} submitted_ms=${filed.ms.toFixed(0)} approved_ms=${approvedMs.toFixed(0)} peak_rss_mib=${peakRssMib()}`);
  } finally {
    await close();
  }
}

runScript("bench:filing", main);
