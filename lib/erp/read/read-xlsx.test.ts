import { readdir } from "node:fs/promises";
import os from "node:os";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { fixtureBytes } from "@/lib/erp/__fixtures__/parse-fixture";
import { locateHeader } from "@/lib/erp/read/locate-header";
import { readXlsx } from "@/lib/erp/read/read-xlsx";
import { isReadFailure, type ReadItem } from "@/lib/erp/read/source-row";
import { TABULAR_VOCABULARY } from "@/lib/erp/formats";
import { kingdeeCloud } from "@/lib/erp/formats/kingdee-cloud";

async function collect(items: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* stream(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 512) yield bytes.subarray(i, i + 512);
}

describe("readXlsx", () => {
  const bytes = fixtureBytes("kingdee-cloud/voucher-list.xlsx");

  it("fills merged cells, turns serials and Date cells into text, keeps text amounts and rounds float noise", async () => {
    const rows = await collect(readXlsx(bytes));
    expect(rows).toEqual([
      { rowNo: 1, cells: ["凭证查询", "凭证查询", "凭证查询", "凭证查询", "凭证查询", "凭证查询", "凭证查询", "凭证查询"] },
      { rowNo: 2, cells: ["账簿：001 示例公司总账", "", "", "期间：2024年第3期"] },
      { rowNo: 3, cells: ["账簿", "日期", "年度", "期间", "凭证字", "凭证号", "摘要", "科目编码", "科目名称", "核算维度", "借方金额", "贷方金额"] },
      { rowNo: 4, cells: ["001", "45366", "2024", "3", "记", "7", "报销差旅费", "6602.03", "管理费用-差旅费", "部门:行政部", "12,345.60"] },
      { rowNo: 5, cells: ["001", "45366", "2024", "3", "记", "7", "报销差旅费", "1001", "库存现金", "", "", "12,345.60"] },
      { rowNo: 6, cells: ["001", "2024-03-20", "2024", "3", "转", "8", "结转利息", "6603", "财务费用", "", "0.3"] },
      { rowNo: 7, cells: ["001", "2024-03-20", "2024", "3", "转", "8", "结转利息", "2231", "应付利息", "", "", "0.30"] },
    ]);
  });

  it("finds the header under the title rows", async () => {
    const located = await locateHeader(readXlsx(bytes), TABULAR_VOCABULARY);
    expect(located.header?.rowNo).toBe(3);
    expect((await collect(located.rows)).map((r) => r.rowNo)).toEqual([4, 5, 6, 7]);
  });

  it("streams large files with flat memory, where merged cells stay empty (documented limit)", async () => {
    const rows = await collect(readXlsx(stream(bytes), { wholeFileLimit: 1024 }));
    expect(rows.map((r) => r.rowNo)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[4]).toEqual({ rowNo: 5, cells: ["001", "", "2024", "3", "", "", "报销差旅费", "1001", "库存现金", "", "", "12,345.60"] });
    expect(rows[5]).toMatchObject({ cells: expect.arrayContaining(["2024-03-20", "0.3"]) });
  });

  it("still yields whole vouchers from a streamed list export, because the preset fills voucher fields down", async () => {
    const located = await locateHeader(readXlsx(stream(bytes), { wholeFileLimit: 1024 }), TABULAR_VOCABULARY);
    const bound = kingdeeCloud.tabular?.bind(located.header?.cells ?? []);
    if (!bound?.ok) throw new Error("header did not bind");
    const lines = [];
    for await (const row of located.rows) if (!isReadFailure(row)) lines.push(...bound.mapper(row));
    expect(lines.map((e) => e.type === "line" && [e.rowNo, e.line.header.voucherWord, e.line.header.voucherNo, e.line.header.date])).toEqual([
      [4, "记", "7", "2024-03-15"],
      [5, "记", "7", "2024-03-15"],
      [6, "转", "8", "2024-03-20"],
      [7, "转", "8", "2024-03-20"],
    ]);
  });

  it("reads a named sheet and reports a missing one", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("说明").addRow(["本文件由 ERP 导出"]);
    workbook.addWorksheet("凭证").addRow(["凭证号", "摘要"]);
    const book = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await collect(readXlsx(book, { sheetName: "凭证" }))).toEqual([{ rowNo: 1, cells: ["凭证号", "摘要"] }]);
    expect(await collect(readXlsx(stream(book), { sheetName: "凭证", wholeFileLimit: 10 }))).toEqual([{ rowNo: 1, cells: ["凭证号", "摘要"] }]);
    expect(await collect(readXlsx(book, { sheetName: "不存在" }))).toEqual([{ rowNo: 0, failure: "erp.sheet_not_found", params: { sheet: "不存在" } }]);
    expect(await collect(readXlsx(stream(book), { sheetName: "不存在", wholeFileLimit: 10 }))).toEqual([
      { rowNo: 0, failure: "erp.sheet_not_found", params: { sheet: "不存在" } },
    ]);
  });

  it("leaves no temporary file behind when it streams a workbook whose sheets precede their shared strings, read whole or not", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("说明").addRow(["本文件由 ERP 导出"]);
    workbook.addWorksheet("凭证").addRow(["凭证号", "摘要"]);
    workbook.addWorksheet("附注").addRow(["无"]);
    const book = new Uint8Array(await workbook.xlsx.writeBuffer());
    // exceljs names its temporary files tmp-<pid>-…, one per sheet parked before the shared strings.
    const parked = async () => (await readdir(os.tmpdir())).filter((f) => f.startsWith(`tmp-${process.pid}-`)).sort();
    const before = await parked();
    for (const sheetName of ["凭证", "附注", "不存在", undefined]) await collect(readXlsx(stream(book), { wholeFileLimit: 10, ...(sheetName ? { sheetName } : {}) }));
    // A reader that stops at its first row, as a preview does.
    for await (const first of readXlsx(stream(bytes), { wholeFileLimit: 1024 })) {
      expect(first.rowNo).toBe(1);
      break;
    }
    // exceljs deletes a sheet's file without waiting for it, so the last one may still be going: on a full
    // suite's busy machine that once took longer than two seconds.
    await expect.poll(parked, { timeout: 10_000 }).toEqual(before);
  });

  it("reports a damaged workbook instead of throwing", async () => {
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    expect(await collect(readXlsx(damaged))).toEqual([{ rowNo: 0, failure: "erp.file_malformed", params: { row: 0 } }]);
  });

  it("reads a two-row header (金额 merged over 借方 and 贷方) as one header", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("凭证");
    sheet.addRow(["日期", "凭证字", "凭证号", "摘要", "科目代码", "金额", ""]);
    sheet.addRow(["", "", "", "", "", "借方", "贷方"]);
    sheet.addRow(["2024-03-05", "记", "1", "报销", "6602", "100.00", ""]);
    sheet.addRow(["2024-03-05", "记", "1", "报销", "1001", "", "100.00"]);
    for (const col of ["A", "B", "C", "D", "E"]) sheet.mergeCells(`${col}1:${col}2`);
    sheet.mergeCells("F1:G1");
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const located = await locateHeader(readXlsx(bytes), TABULAR_VOCABULARY);
    expect(located.header).toEqual({ rowNo: 2, cells: ["日期", "凭证字", "凭证号", "摘要", "科目代码", "借方", "贷方"] });
    const rest = await collect(located.rows);
    expect(rest.map((r) => r.rowNo)).toEqual([3, 4]);
    // The same header exported to CSV has the upper cells once, the lower row blank under them.
    const csvLike = async function* (): AsyncGenerator<ReadItem> {
      yield { rowNo: 1, cells: ["日期", "凭证字", "凭证号", "摘要", "科目代码", "金额", ""] };
      yield { rowNo: 2, cells: ["", "", "", "", "", "借方", "贷方"] };
      yield { rowNo: 3, cells: ["2024-03-05", "记", "1", "报销", "6602", "100.00", ""] };
    };
    expect((await locateHeader(csvLike(), TABULAR_VOCABULARY)).header).toEqual({ rowNo: 2, cells: ["日期", "凭证字", "凭证号", "摘要", "科目代码", "借方", "贷方"] });
  });
});
