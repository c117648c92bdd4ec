import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureBytes } from "@/lib/erp/__fixtures__/parse-fixture";
import { detectFormat, sniffContainer } from "@/lib/erp/detect-format";

describe("detectFormat", () => {
  it.each([
    ["kingdee-k3/voucher-export-bom.csv", "kingdee-k3", 1],
    ["kingdee-k3/voucher-export-gbk.csv", "kingdee-k3", 1],
    ["kingdee-cloud/voucher-list.xlsx", "kingdee-cloud", 3],
    ["kingdee-cloud/webapi-voucher.json", "kingdee-cloud", null],
    ["yonyou-u8/voucher-list.csv", "yonyou-u8", 3],
    ["yonyou-u8/eai-vouchers.json", "yonyou-u8", null],
    ["yonyou-nc/gl-vouchers.xml", "yonyou-nc", null],
    ["sap-fbl3n/fbl3n-german.csv", "sap-fbl3n", 1],
    ["sap-fbl3n/fbl3n-english.tsv", "sap-fbl3n", 1],
    ["sap-bkpf/bkpf-bseg.csv", "sap-bkpf", 1],
    ["odoo/journal-items.csv", "odoo", 1],
    ["erpnext/general-ledger.csv", "erpnext", 1],
    ["erpnext/journal-entry-export.csv", "erpnext", 1],
    ["canonical-json/vouchers.json", "canonical-json", null],
    ["canonical-json/vouchers.jsonl", "canonical-json", null],
    ["errors/k3-with-errors.csv", "kingdee-k3", 1],
  ])("%s → %s (header row %s)", async (file, formatId, headerRow) => {
    const d = await detectFormat(fixtureBytes(file), path.basename(file));
    expect(d.formatId).toBe(formatId);
    expect(d.headerRow).toBe(headerRow);
    expect(d.candidates[0]?.formatId).toBe(formatId);
    expect(d.confidence).toBeGreaterThan(d.candidates[1]?.confidence ?? 0);
  });

  it("explains the choice with the header it saw", async () => {
    const d = await detectFormat(fixtureBytes("yonyou-u8/voucher-list.csv"), "u8.csv");
    expect(d).toMatchObject({ reason: "erp.detected_by_header", encoding: "utf8", delimiter: ",", container: "delimited" });
    expect(d.reasonParams).toMatchObject({ format: "yonyou-u8", headerRow: 3, confidence: 100 });
    expect(String(d.reasonParams.columns)).toContain("制单日期");
  });

  it("does not claim UTF-8 for a head of plain ASCII, whose encoding the reader decides at the first non-ASCII byte", async () => {
    const ascii = await detectFormat(Buffer.from("Belegnummer,Buchungsdatum,Betrag\n1,2024-01-31,100.00\n"), "ascii.csv");
    expect(ascii).toMatchObject({ encoding: "utf8", encodingDecidedLater: true });
    const gbk = await detectFormat(fixtureBytes("kingdee-k3/voucher-export-gbk.csv"), "k3.csv");
    expect(gbk).toMatchObject({ encoding: "gb18030", encodingDecidedLater: false });
    const utf8 = await detectFormat(fixtureBytes("yonyou-u8/voucher-list.csv"), "u8.csv");
    expect(utf8).toMatchObject({ encoding: "utf8", encodingDecidedLater: false });
    const bom = await detectFormat(fixtureBytes("kingdee-k3/voucher-export-bom.csv"), "k3.csv");
    expect(bom).toMatchObject({ encoding: "utf8", encodingDecidedLater: false });
  });

  it("works on a truncated sample of a delimited file", async () => {
    const d = await detectFormat(fixtureBytes("sap-fbl3n/fbl3n-german.csv").subarray(0, 300), "fbl3n.csv");
    expect(d.formatId).toBe("sap-fbl3n");
  });

  it("tells containers apart", () => {
    const sniff = (text: string, name = "x") => sniffContainer(Buffer.from(text), name, text);
    expect(sniff('{"a":1}\n{"a":2}\n')).toBe("jsonl");
    expect(sniff('{\n "a": 1\n}')).toBe("json");
    expect(sniff("[]", "a.jsonl")).toBe("jsonl");
    expect(sniff("  <?xml version='1.0'?><a/>")).toBe("xml");
    expect(sniff("a,b\n1,2")).toBe("delimited");
    expect(sniffContainer(readFileSync(path.join(import.meta.dirname, "__fixtures__/kingdee-cloud/voucher-list.xlsx")), "x.bin", "")).toBe("xlsx");
  });
});
