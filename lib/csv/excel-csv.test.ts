import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { excelCsvCell, excelCsvLines, excelCsvRow, quoteCsvField } from "./excel-csv";

const collect = async (lines: AsyncIterable<string>) => {
  let text = "";
  for await (const line of lines) text += line;
  return text;
};

describe("the CSV writer for Excel", () => {
  it("quotes per RFC 4180: commas, quotes and line breaks inside a field, nothing else", () => {
    expect(quoteCsvField("plain 文本")).toBe("plain 文本");
    expect(quoteCsvField("a,b")).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(quoteCsvField("line\nfeed")).toBe('"line\nfeed"');
    expect(excelCsvRow(["a", 1, null, undefined, 'x,"y"'])).toBe('a,1,,,"x,""y"""\r\n');
  });

  it("defuses every formula start, also after leading whitespace, and leaves plain signed numbers alone", () => {
    for (const formula of ["=1+1", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1+1", "\rx", "\nx", "  =HYPERLINK(\"x\")", "\u3000=1", " @x"]) {
      const cell = excelCsvCell(formula);
      const back = (parse(cell, { relax_quotes: true }) as string[][])[0]?.[0];
      expect(back, JSON.stringify(formula)).toBe(`'${formula}`);
    }
    expect(excelCsvCell("-100.00")).toBe("-100.00");
    expect(excelCsvCell("+3")).toBe("+3");
    expect(excelCsvCell(-5)).toBe("-5");
    expect(excelCsvCell("-1e5")).toBe("'-1e5");
    expect(excelCsvCell("a=b")).toBe("a=b");
  });

  it("keeps digit strings Excel would change as text with a leading tab, and others as they are", () => {
    const invoice = "24322000000012345678";
    expect(excelCsvCell(invoice)).toBe(`\t${invoice}`);
    expect(excelCsvCell("000123")).toBe("\t000123");
    expect(excelCsvCell("123456789012")).toBe("\t123456789012");
    expect(excelCsvCell(123456789012)).toBe("\t123456789012");
    for (const kept of ["12345678901", "0", "10", "0.50", "91310000MA1FL8XQ3C", "记-0001", ""]) expect(excelCsvCell(kept)).toBe(kept);
    // A machine reader gets the digits back with a trim, and a number parser ignores the tab.
    const read = (parse(excelCsvRow([invoice]), {}) as string[][])[0]?.[0];
    expect(read?.trim()).toBe(invoice);
    expect(Number(excelCsvCell("000123"))).toBe(123);
  });

  it("writes the BOM once, before the header, and one CRLF record per row, read back exactly by a CSV parser", async () => {
    async function* rows() {
      yield [1, "记-1", "摘要, 含逗号", '引号"内', "6222020200000000000"];
      yield [2, null, "两行\n文本", "=cmd", "-12.50"];
    }
    const text = await collect(excelCsvLines(["行号 Row", "凭证 Voucher", "说明", "值", "号码"], rows()));
    expect(text.startsWith("\uFEFF行号 Row,")).toBe(true);
    expect(text.split("\uFEFF")).toHaveLength(2);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parse(text, { bom: true, record_delimiter: "\r\n" })).toEqual([
      ["行号 Row", "凭证 Voucher", "说明", "值", "号码"],
      ["1", "记-1", "摘要, 含逗号", '引号"内', "\t6222020200000000000"],
      ["2", "", "两行\n文本", "'=cmd", "-12.50"],
    ]);
  });
});

// One writer, no twins: doubling quotes (RFC 4180 escaping) anywhere else in app/ or lib/ is a second CSV writer.
describe("CSV producers", () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) return name === "__fixtures__" || name === "node_modules" ? [] : sources(file);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
    });
  const root = path.resolve(import.meta.dirname, "../..");
  const files = ["app", "lib", "components"].flatMap((d) => sources(path.join(root, d)));

  it("quote CSV fields only through lib/csv", () => {
    const twins = files.filter((f) => !f.includes(`${path.sep}lib${path.sep}csv${path.sep}`) && readFileSync(f, "utf8").includes(`/"/g, '""'`));
    expect(twins.map((f) => path.relative(root, f))).toEqual([]);
  });

  it("that serve text/csv build it from excelCsvLines", () => {
    const routes = files.filter((f) => f.startsWith(path.join(root, "app")) && readFileSync(f, "utf8").includes("text/csv"));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      // Each route hands out what a lib/ service built; that service must write with the shared writer.
      const imported = [...readFileSync(route, "utf8").matchAll(/from "@\/(lib\/[^"]+)"/g)].map((m) => path.join(root, `${m[1]}.ts`));
      const writers = imported.filter((f) => readFileSync(f, "utf8").includes("excelCsvLines("));
      expect(writers, path.relative(root, route)).not.toEqual([]);
    }
  });
});
