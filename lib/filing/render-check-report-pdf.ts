import { writeFile } from "node:fs/promises";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { embedCjkFont, wrapText } from "@/lib/pdf/cjk-text";
import { settlePage } from "@/lib/pdf/settle-page";
import type { CheckReport } from "./check-report";

const PAGE: [number, number] = [841.89, 595.28];
const MARGIN = 36;
const SIZE = 8;
const LINE = 11;
const GREY = rgb(0.4, 0.4, 0.4);
const OUTCOME_COLOUR: Record<string, ReturnType<typeof rgb>> = { fail: rgb(0.75, 0.1, 0.1), warning: rgb(0.7, 0.45, 0), pass: rgb(0.1, 0.5, 0.2) };

interface Row {
  cells: string[];
  colour?: number;
  outcome?: string;
}

interface Column {
  label: string;
  width: number;
}

/**
 * The printable check report (A4 landscape): the run's heading, every DA/T 70 item with its counts per
 * outcome, then each failure and warning with its record and explanation. The XLSX carries every result.
 */
export async function renderCheckReportPdf(report: CheckReport, file: string): Promise<void> {
  const doc = await PDFDocument.create();
  doc.setTitle(report.title);
  doc.setProducer("Acta");
  // Every character the report can draw, gathered in a first pass over its findings: its data, and its page
  // label with any digits. The fonts are subset to them before anything is drawn.
  const chars = new Set(`${JSON.stringify({ ...report, rows: null })}${report.labels.page(0)}0123456789`);
  let findings = 0;
  for await (const row of report.rows("findings")) {
    findings += 1;
    for (const value of Object.values(row)) for (const ch of value) chars.add(ch);
  }
  const glyphs = [...chars].join("");
  const font = await embedCjkFont(doc, glyphs);
  const bold = await embedCjkFont(doc, glyphs, 700);
  const [width, height] = PAGE;
  let page!: PDFPage;
  let y = 0;

  const newPage = () => {
    if (doc.getPageCount() > 0) settlePage(doc, page);
    page = doc.addPage(PAGE);
    y = height - MARGIN;
    page.drawText(report.labels.page(doc.getPageCount()), { x: width - MARGIN - 50, y: MARGIN / 2, size: SIZE, font, color: GREY });
  };
  const text = (value: string, x: number, size: number, f: PDFFont = font, color = rgb(0.1, 0.1, 0.1)) => page.drawText(value, { x, y, size, font: f, color });

  const table = async (columns: Column[], rows: Iterable<Row> | AsyncIterable<Row>) => {
    const header = () => {
      let x = MARGIN;
      for (const c of columns) {
        text(c.label, x, SIZE, bold);
        x += c.width;
      }
      y -= 4;
      page.drawLine({ start: { x: MARGIN, y }, end: { x: width - MARGIN, y }, thickness: 0.5, color: GREY });
      y -= LINE;
    };
    header();
    for await (const row of rows) {
      const cells = row.cells.map((cell, i) => wrapText(font, cell, SIZE, columns[i]!.width - 6));
      const lines = Math.max(...cells.map((c) => c.length));
      if (y - lines * LINE < MARGIN) {
        newPage();
        header();
      }
      let x = MARGIN;
      cells.forEach((cell, i) => {
        const colour = i === row.colour && row.outcome ? OUTCOME_COLOUR[row.outcome] : undefined;
        cell.forEach((line, n) => page.drawText(line, { x, y: y - n * LINE, size: SIZE, font, color: colour ?? rgb(0.1, 0.1, 0.1) }));
        x += columns[i]!.width;
      });
      y -= lines * LINE + 2;
    }
  };

  newPage();
  text(report.title, MARGIN, 16, bold);
  y -= 24;
  for (const [label, value] of report.heading) {
    text(`${label}：${value}`, MARGIN, 10);
    y -= 14;
  }
  y -= 8;
  text(report.itemsTitle, MARGIN, 11, bold);
  y -= 16;
  const c = report.columns;
  await table(
    [{ label: c.code, width: 44 }, { label: c.item, width: 190 }, { label: c.property, width: 60 }, ...report.outcomes.map(([, label]) => ({ label, width: 64 }))],
    report.items.map((item) => ({ cells: [item.code, item.item, item.property, ...report.outcomes.map(([o]) => String(item.counts[o]))] })),
  );
  if (findings > 0) {
    y -= 10;
    if (y < MARGIN + 60) newPage();
    text(report.findingsTitle, MARGIN, 11, bold);
    y -= 16;
    const cells = async function* () {
      for await (const r of report.rows("findings")) yield { cells: [r.code, r.item, r.record, r.outcome, r.detail, r.recordedBy], colour: 3, outcome: r.outcomeKey };
    };
    await table(
      [{ label: c.code, width: 40 }, { label: c.item, width: 120 }, { label: c.record, width: 170 }, { label: c.outcome, width: 50 }, { label: c.detail, width: 330 }, { label: c.recordedBy, width: 60 }],
      cells(),
    );
  }
  settlePage(doc, page);
  await writeFile(file, await doc.save());
}
