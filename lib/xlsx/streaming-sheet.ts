import type ExcelJS from "exceljs";

/** Sheet XML written but not yet zipped beyond which the writer waits for the zip. */
const MAX_BACKLOG = 4 * 2 ** 20;

/** Rows added between two looks at the backlog. */
const LOOK_EVERY = 1000;

export type SheetWriter = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter["addWorksheet"]>;

/**
 * Bytes of a streaming sheet's XML waiting to be zipped, or null where ExcelJS keeps them elsewhere.
 * ExcelJS does not pass the zip's backpressure back to its writer: left alone, a sheet written without
 * pauses for the zip's timers sits whole in memory (200 MiB for a year's check results).
 */
export function zipBacklog(sheet: SheetWriter): number | null {
  const pipe = (sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } }).stream?.pipes?.[0];
  return pipe?._writableState?.length ?? null;
}

/**
 * Counts the rows committed to a streaming sheet and, every thousand, waits while the zip is behind, so a
 * sheet of a million rows never sits in memory: call it after each row's commit.
 */
export function zipPacer(sheet: SheetWriter): () => Promise<void> {
  let rows = 0;
  return async () => {
    if (++rows % LOOK_EVERY !== 0) return;
    while ((zipBacklog(sheet) ?? 0) > MAX_BACKLOG) await new Promise((resolve) => setTimeout(resolve, 5));
  };
}
