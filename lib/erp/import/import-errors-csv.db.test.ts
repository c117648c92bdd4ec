import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { importErrors, imports } from "@/db/schema";
import { contextFor, makeUser } from "@/db/test/factories";
import { makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { importErrorsCsv } from "./import-errors-csv";

describe("an import's errors as CSV", () => {
  it("is written by the shared Excel writer: BOM, formulas defused, long numbers kept as text, columns unchanged", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const [imp] = await db.insert(imports).values({ connectorId: connector.id, fondsId: fonds.id, fileName: "凭证.csv", state: "succeeded" }).returning({ id: imports.id });
    const invoice = "24322000000012345678";
    await db.insert(importErrors).values([
      { importId: imp!.id, rowNo: 2, field: "发票号码", value: invoice, code: "erp.invoice_number_invalid", params: { value: invoice, word: "记", no: "0012" } },
      { importId: imp!.id, rowNo: 3, field: "借方", value: '=HYPERLINK("http://x","点我")', code: "erp.amount_invalid", params: { column: "借方", value: "=1" } },
      { importId: imp!.id, rowNo: 4, field: "贷方", value: "-100.00", code: "erp.amount_invalid", params: { column: "贷方", value: "-100.00" } },
    ]);
    const archivist = contextFor(db, (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor);
    const csv = await importErrorsCsv(archivist, { connectorId: connector.id, importId: imp!.id });
    if (!csv.ok) throw new Error(csv.error.code);
    let text = "";
    for await (const line of csv.value.lines) text += line;

    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = parse(text, { bom: true, record_delimiter: "\r\n" }) as string[][];
    expect(header).toEqual(["行号 Row", "凭证 Voucher", "字段 Field", "值 Value", "错误代码 Error code", "说明", "Message"]);
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ["2", "记-0012", "发票号码", `\t${invoice}`, "erp.invoice_number_invalid"],
      ["3", "", "借方", `'=HYPERLINK("http://x","点我")`, "erp.amount_invalid"],
      ["4", "", "贷方", "-100.00", "erp.amount_invalid"],
    ]);
    // The message quotes the value too: its cell starts with text, so nothing in it runs.
    expect(rows[1]![5]).toContain("=1");
  });
});
