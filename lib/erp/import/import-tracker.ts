import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { importErrors, imports } from "@/db/schema";

export interface ImportCounts {
  rows: number;
  vouchers: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  conflicts: number;
}

export const zeroCounts = (): ImportCounts => ({ rows: 0, vouchers: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, conflicts: 0 });

export interface ImportProblem {
  rowNo: number;
  voucherKey?: string | null;
  field: string;
  value: string;
  code: string;
  params: Record<string, string | number>;
}

const ERROR_BATCH = 1000;
const PROGRESS_EVERY_MS = 1000;

/**
 * Counts, problems and progress of one import run. Problems are buffered and written with the next
 * voucher batch (or on their own when many pile up); counts and progress are written with them, so
 * the row a client polls never claims work that has not committed.
 */
export function createImportTracker(db: Db, importId: string) {
  const counts = zeroCounts();
  let pending: ImportProblem[] = [];
  let progress = 0;
  let lastWrite = 0;
  let detection: { formatId: string | null; detail: Record<string, unknown> } | null = null;

  const writeProblems = async (tx: DbOrTx) => {
    while (pending.length > 0) {
      const chunk = pending.slice(0, ERROR_BATCH);
      pending = pending.slice(ERROR_BATCH);
      await tx.insert(importErrors).values(
        chunk.map((p) => ({ importId, rowNo: p.rowNo, voucherKey: p.voucherKey ?? null, field: p.field || null, value: p.value || null, code: p.code, params: p.params })),
      );
    }
  };
  const writeState = async (tx: DbOrTx) => {
    await writeProblems(tx);
    await tx
      .update(imports)
      .set({ counts: { ...counts }, progress: Math.min(99, Math.floor(progress)), ...(detection ? { formatId: detection.formatId, detection: detection.detail } : {}) })
      .where(eq(imports.id, importId));
    lastWrite = Date.now();
  };

  return {
    counts,
    problem(p: ImportProblem) {
      pending.push(p);
    },
    /** Which format was chosen and why (lib/erp detection), plus anything the package adds. */
    setDetection(formatId: string | null, detail: Record<string, unknown>) {
      detection = { formatId, detail: { ...(detection?.detail ?? {}), ...detail } };
    },
    setProgress(percent: number) {
      progress = percent;
    },
    /** Inside a voucher batch's transaction: its problems and the new counts commit with it. */
    writeState,
    /** Between batches (while parsing): persists piled-up problems and progress now and then. */
    async maybeFlush() {
      if (pending.length < ERROR_BATCH && Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
      await db.transaction(writeState);
    },
    async flush() {
      await db.transaction(writeState);
    },
  };
}

export type ImportTracker = ReturnType<typeof createImportTracker>;

/** A re-run starts from a clean slate: the work on vouchers converges by identity, the report is rebuilt. */
export async function resetImportReport(db: Db, importId: string, now: Date) {
  await db.transaction(async (tx) => {
    await tx.delete(importErrors).where(eq(importErrors.importId, importId));
    await tx
      .update(imports)
      .set({ state: "running", progress: 0, counts: zeroCounts(), failure: null, startedAt: now, finishedAt: null })
      .where(eq(imports.id, importId));
  });
}
