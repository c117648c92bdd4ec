import ExcelJS from "exceljs";
import { zipPacer } from "@/lib/xlsx/streaming-sheet";
import type { CheckReport } from "./check-report";

const FILL: Record<string, string> = { fail: "FFFDE2E2", warning: "FFFFF4D6", pass: "FFE8F5E9" };

/**
 * The looks a result's cells take, one object each. ExcelJS gives every new cell a style object of its own
 * and works out its style id again for each (a fifth of a year's export, 4.8 million cells); it remembers the
 * objects it has seen, so cells that share one cost a lookup. Only text cells share them: ExcelJS keys the id
 * by the object alone, and a number's default format would differ.
 */
const PLAIN: Partial<ExcelJS.Style> = {};
const OUTCOME_LOOK: Record<string, Partial<ExcelJS.Style>> = Object.fromEntries(
  Object.entries(FILL).map(([outcome, argb]) => [outcome, { fill: { type: "pattern", pattern: "solid", fgColor: { argb } } }]),
);

/**
 * The check report as a workbook written to `file`: a summary sheet and one row per result (DA/T 70 4.3:
 * every item listed). Rows are committed to the file as they are read, and wait while the zip catches up,
 * so a year's million results never sit in memory together.
 */
export async function renderCheckReportXlsx(report: CheckReport, file: string): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  book.creator = "Acta";
  const summary = book.addWorksheet(report.title.slice(0, 31));
  summary.getColumn(1).width = 18;
  summary.getColumn(2).width = 40;
  summary.addRow([report.title]).font = { bold: true, size: 14 };
  for (const [label, value] of report.heading) summary.addRow([label, value]);
  summary.addRow([]);
  for (const p of report.summary) summary.addRow([p.property, ...p.counts.map(([label, n]) => `${label} ${n}`)]);
  summary.commit();

  const sheet = book.addWorksheet(report.columns.detail, { views: [{ state: "frozen", ySplit: 1 }] });
  const c = report.columns;
  sheet.columns = [
    { header: c.code, key: "code", width: 10 },
    { header: c.item, key: "item", width: 28 },
    { header: c.property, key: "property", width: 10 },
    { header: c.record, key: "record", width: 40 },
    { header: c.outcome, key: "outcome", width: 10 },
    { header: c.detail, key: "detail", width: 70 },
    { header: c.recordedBy, key: "recordedBy", width: 14 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: "A1", to: "G1" };
  const paced = zipPacer(sheet);
  for await (const row of report.rows()) {
    const added = sheet.addRow(row);
    added.eachCell((cell) => {
      cell.style = PLAIN;
    });
    added.getCell("outcome").style = OUTCOME_LOOK[row.outcomeKey] ?? PLAIN;
    added.commit();
    await paced();
  }
  sheet.commit();
  await book.commit();
}
