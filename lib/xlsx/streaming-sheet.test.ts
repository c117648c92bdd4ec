import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { zipBacklog, zipPacer } from "./streaming-sheet";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function openSheet() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "acta-xlsx-test-"));
  dirs.push(dir);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(dir, "t.xlsx"), useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet("t");
  sheet.columns = [{ header: "detail", key: "detail" }];
  return { book, sheet };
}

const addRow = (sheet: Awaited<ReturnType<typeof openSheet>>["sheet"], i: number) => sheet.addRow({ detail: `凭证著录附件 ${i} 张，已关联原始凭证 0 张` }).commit();

describe("the streaming workbook's backlog", () => {
  // The XLSX export waits on this figure; an ExcelJS that keeps its sheet XML elsewhere must fail here, not
  // quietly hold a year's report in memory again.
  it("is found in this ExcelJS, grows while rows are written without pause, and empties when the zip is given time", async () => {
    const { book, sheet } = await openSheet();
    for (let i = 0; i < 20_000; i++) addRow(sheet, i);
    const before = zipBacklog(sheet);
    expect(before).not.toBeNull();
    expect(before).toBeGreaterThan(2 ** 20);
    for (let tries = 0; tries < 200 && (zipBacklog(sheet) ?? 0) > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(zipBacklog(sheet)).toBeLessThan(before! / 4);
    sheet.commit();
    await book.commit();
  });

  it("stays within 4 MiB when each row's commit is paced", async () => {
    const { book, sheet } = await openSheet();
    const paced = zipPacer(sheet);
    let most = 0;
    // About 9 MiB of sheet XML: unpaced, the first test shows it piling up.
    for (let i = 0; i < 80_000; i++) {
      addRow(sheet, i);
      await paced();
      most = Math.max(most, zipBacklog(sheet) ?? 0);
    }
    expect(most).toBeGreaterThan(2 ** 20);
    expect(most).toBeLessThan(4 * 2 ** 20 + 2 ** 20);
    sheet.commit();
    await book.commit();
  });
});
