import { Transform } from "node:stream";
import type { Readable } from "node:stream";
import type { Db } from "@/db";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { assembleVouchers } from "@/lib/erp/assemble-vouchers";
import type { FormatId } from "@/lib/erp/formats/types";
import { voucherIdentity } from "@/lib/erp/model";
import { parseErpFile } from "@/lib/erp/parse-file";
import type { ImportProblem, ImportTracker } from "./import-tracker";
import { openStaging } from "./staging";
import { type Prepared, type VoucherTarget, prepareVouchers, writePreparedVouchers } from "./write-vouchers";

/** Vouchers per transaction: large enough for set-based speed, each voucher still whole or absent. */
export const VOUCHER_BATCH = 2000;

export interface VoucherFileInput {
  source: Readable;
  fileName: string;
  size: number;
  formatId: FormatId | null;
  mapping: Record<string, unknown> | null;
}

/** Vouchers prepared between two turns of the event loop while a batch writes. */
const YIELD_EVERY = 10;

/** Parsing is the first 40% of the bar, writing the rest. */
const PARSE_SHARE = 40;

function countBytes(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

/** Identity of the voucher a bad row names (lib/erp adds it when the row's date and number are readable). */
function keyOfProblem(params: Record<string, string | number>, sourceSystem: string): string | null {
  const { word, no, year, period } = params;
  if (word === undefined || no === undefined || year === undefined || period === undefined) return null;
  return voucherIdentity({ sourceSystem, voucherWord: String(word), voucherNo: String(no), fiscalYear: Number(year), period: Number(period) }).key;
}

/**
 * Imports one voucher data file (any format lib/erp reads) through the staging table: parse and stage,
 * then voucher by voucher validate (lib/erp assembleVouchers → validateVoucher) and write in batches.
 * A file-level problem (unknown format, no header) fails the import; row and voucher problems are
 * reported while the valid vouchers import.
 */
export async function importVoucherFile(
  db: Db,
  ctx: ServiceContext,
  target: VoucherTarget,
  input: VoucherFileInput,
  tracker: ImportTracker,
): Promise<Result<null>> {
  let read = 0;
  const counted = input.source.pipe(countBytes((n) => (read += n)));
  input.source.on("error", (e) => counted.destroy(e));
  const { detection, events } = await parseErpFile({
    source: counted,
    fileName: input.fileName,
    ...(input.formatId ? { formatId: input.formatId } : {}),
    ...(input.mapping ? { mapping: input.mapping } : {}),
  });
  tracker.setDetection(detection.formatId, { ...detection });
  const staging = await openStaging(db);
  try {
    const errorRows = new Set<number>();
    let fileProblem: { code: string; params: Record<string, string | number> } | null = null;
    let leftOut = 0;
    for await (const event of events) {
      if (event.type === "left_out") leftOut += 1;
      else if (event.type === "line") {
        tracker.counts.rows += 1;
        const line = { ...event.line, header: { ...event.line.header, sourceSystem: target.sourceSystem } };
        await staging.add({ rowNo: event.rowNo, key: voucherIdentity(line.header).key, line });
      } else {
        const key = keyOfProblem(event.params, target.sourceSystem);
        tracker.problem({ rowNo: event.rowNo, voucherKey: key, field: event.field, value: event.value, code: event.code, params: event.params });
        // A file that cannot be read to its end is damaged or cut short: what came before the break may hold
        // vouchers without their last lines, so nothing of it is imported.
        if (event.rowNo === 0 || event.code === "erp.file_malformed") fileProblem ??= { code: event.code, params: event.params };
        else if (!errorRows.has(event.rowNo)) {
          errorRows.add(event.rowNo);
          tracker.counts.rows += 1;
          // A row that names no voucher is refused on its own; one that does takes its voucher down with it.
          if (key === null) tracker.counts.rejected += 1;
          else await staging.add({ rowNo: event.rowNo, key, line: null });
        }
      }
      tracker.setProgress(input.size > 0 ? (read / input.size) * PARSE_SHARE : 0);
      await tracker.maybeFlush();
    }
    // Shown with the result, so the rows Acta read add up to the rows the clerk sees in the file.
    if (leftOut > 0) tracker.setDetection(detection.formatId, { leftOut: { notInBooks: leftOut } });
    if (fileProblem) {
      await tracker.flush();
      return fail(fileProblem.code as `${string}.${string}`, fileProblem.params);
    }
    const sealed = await staging.seal();
    let rowsDone = 0;
    // An ERP's next export repeats the vouchers it sent before: those whose lines are byte for byte the ones
    // they were written from are counted without being read back, assembled and hashed again.
    if (target.importId !== null) {
      const matched = await sealed.matchWritten(target.fondsId, target.importId);
      tracker.counts.vouchers += matched.vouchers;
      tracker.counts.unchanged += matched.unchanged;
      tracker.counts.created += matched.created;
      tracker.counts.updated += matched.updated;
      rowsDone += matched.rows;
    }
    let batch: Prepared[] = [];
    // What gathering a batch found (its rows, for progress, and its refusals) is reported with that batch,
    // as it was before writing overlapped.
    let gathered: { rows: number; refused: number; problems: ImportProblem[] } = { rows: 0, refused: 0, problems: [] };
    const writeBatch = async (prepared: Prepared[], report: typeof gathered) => {
      tracker.counts.rejected += report.refused;
      for (const p of report.problems) tracker.problem(p);
      await db.transaction(async (tx) => {
        const outcomes = await writePreparedVouchers(tx, ctx, target, prepared);
        for (const o of outcomes) {
          if (o.outcome === "conflict") tracker.counts.conflicts += 1;
          else tracker.counts[o.outcome] += 1;
          if (o.problem) tracker.problem({ rowNo: o.rowNo, voucherKey: o.key, field: "", value: "", code: o.problem.code, params: o.problem.params });
        }
        rowsDone += report.rows;
        tracker.setProgress(PARSE_SHARE + ((100 - PARSE_SHARE) * rowsDone) / Math.max(1, sealed.rows));
        await tracker.writeState(tx);
      });
    };
    // One batch writes while the next is read, assembled, validated and hashed: PostgreSQL and Node work at once.
    let writing: Promise<void> = Promise.resolve();
    let sinceYield = 0;
    const startBatch = async () => {
      const prepared = batch;
      const report = gathered;
      batch = [];
      gathered = { rows: 0, refused: 0, problems: [] };
      await writing;
      writing = writeBatch(prepared, report);
      // Awaited before the next batch starts or at the end; until then a failure must not go unhandled.
      writing.catch(() => {});
    };
    try {
      for await (const { rows: group, digest } of sealed.groups()) {
        tracker.counts.vouchers += 1;
        gathered.rows += group.length;
        if (group.some((r) => r.line === null)) {
          gathered.refused += 1;
          continue;
        }
        const assembled = assembleVouchers(group.map((r) => ({ rowNo: r.rowNo, line: r.line! })));
        if (assembled.errors.length > 0) {
          gathered.refused += 1;
          for (const e of assembled.errors) gathered.problems.push({ rowNo: e.rowNo, voucherKey: group[0]!.key, field: e.field, value: e.value, code: e.code, params: e.params });
          continue;
        }
        batch.push(...prepareVouchers(target, assembled.vouchers, digest));
        if (batch.length >= VOUCHER_BATCH) await startBatch();
        // Let the writing batch's replies through: a page of the cursor is otherwise worked off in one go
        // while PostgreSQL waits for the next statement.
        else if ((sinceYield += 1) >= YIELD_EVERY) {
          sinceYield = 0;
          await new Promise(setImmediate);
        }
      }
      await startBatch();
    } finally {
      // Never leave a batch writing behind a failure: its outcome is awaited (and reported) below or dropped with the error.
      await writing.catch(() => {});
    }
    await writing;
    return ok(null);
  } finally {
    await staging.close();
  }
}
