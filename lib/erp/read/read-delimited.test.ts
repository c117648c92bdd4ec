import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { K3_CHINESE_CSV, SAP_GERMAN_CP1252_CSV } from "@/lib/erp/__fixtures__/make-fixtures";
import { fixtureBytes } from "@/lib/erp/__fixtures__/parse-fixture";
import { detectEncoding } from "@/lib/erp/read/detect-encoding";
import { readDelimited, sniffDelimiter } from "@/lib/erp/read/read-delimited";
import type { ReadItem } from "@/lib/erp/read/source-row";

async function collect(items: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("detectEncoding", () => {
  it("recognises BOMs, UTF-8 and GBK", () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: "utf8", bom: true });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toEqual({ encoding: "utf16le", bom: true });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x41]))).toEqual({ encoding: "utf16be", bom: true });
    expect(detectEncoding(Buffer.from("摘要,借方", "utf8"))).toEqual({ encoding: "utf8", bom: false });
    expect(detectEncoding(iconv.encode("摘要,借方", "gbk"))).toEqual({ encoding: "gb18030", bom: false });
  });

  it("tells a German SAP download in Windows-1252 from GBK and GB18030", () => {
    expect(detectEncoding(fixtureBytes("sap-fbl3n/fbl3n-german-cp1252.csv")).encoding).toBe("windows1252");
    expect(detectEncoding(iconv.encode("Buchungskreis;Geschäftsjahr;Betrag in Hauswährung\r\n1000;2024;1.234,56\r\n", "windows1252")).encoding).toBe("windows1252");
    expect(detectEncoding(iconv.encode("Société Générale;Crédit\n", "windows1252")).encoding).toBe("windows1252");
    expect(detectEncoding(fixtureBytes("kingdee-k3/voucher-export-gbk.csv")).encoding).toBe("gb18030");
    expect(detectEncoding(iconv.encode(K3_CHINESE_CSV, "gb18030")).encoding).toBe("gb18030");
    // Chinese beside ASCII letters, and a character only GB18030's four-byte form holds (䶮, CJK Extension A).
    expect(detectEncoding(iconv.encode("FNUM,FEXP\n1,INV号A类B\n2,刘䶮报销\n", "gb18030")).encoding).toBe("gb18030");
  });

  it("documents the ambiguous short cases: no lone Latin letter, or no GB2312 character, to weigh", () => {
    // ä and ß side by side are one GB2312 character (E4 DF), and nothing else votes: read as Chinese.
    expect(detectEncoding(iconv.encode("Text\ngemäß\n", "windows1252")).encoding).toBe("gb18030");
    // Two more words with an umlaut between letters outweigh it.
    expect(detectEncoding(iconv.encode("Text\ngemäß Bestellung für Bürobedarf\n", "windows1252")).encoding).toBe("windows1252");
    // A rare ideograph whose trail byte is an ASCII letter (鋐 = E4 66, "äf") as the only Chinese: read as Latin.
    expect(detectEncoding(iconv.encode("FEXP\n鋐\n", "gb18030")).encoding).toBe("windows1252");
    // With any common character beside it, Chinese again.
    expect(detectEncoding(iconv.encode("FEXP\n鋐业\n", "gb18030")).encoding).toBe("gb18030");
  });

  it("tolerates a UTF-8 character cut at the end of the sample", () => {
    const bytes = Buffer.from("报销差旅费", "utf8");
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1)).encoding).toBe("utf8");
  });
});

describe("sniffDelimiter", () => {
  it("picks the delimiter that splits lines consistently, ignoring title rows", () => {
    expect(sniffDelimiter("凭证列表\na,b,c\n1,2,3\n")).toBe(",");
    expect(sniffDelimiter("a\tb\tc\n1\t2,5\t3\n")).toBe("\t");
    expect(sniffDelimiter("Beleg;Betrag\n1;1.234,56\n2;7,00\n")).toBe(";");
  });
});

describe("readDelimited", () => {
  it("decodes GBK and yields Excel row numbers, counting blank rows and quoted line breaks", async () => {
    const text = "标题\r\n\r\n摘要,借方\r\n\"报销\r\n差旅费\",\"1,200.00\"\r\n收到货款,58000\r\n";
    const rows = await collect(readDelimited(chunked(iconv.encode(text, "gbk"), 7)));
    expect(rows).toEqual([
      { rowNo: 1, cells: ["标题"] },
      { rowNo: 3, cells: ["摘要", "借方"] },
      { rowNo: 4, cells: ["报销\r\n差旅费", "1,200.00"] },
      { rowNo: 5, cells: ["收到货款", "58000"] },
    ]);
  });

  it("reads GBK or UTF-8 whose first non-ASCII byte comes after the 64 KiB head, however the chunks fall", async () => {
    const ascii = "FDATE,FNUM,FEXP,FDEBIT\n" + "2024-03-05,1,travel,12.50\n".repeat(3000);
    const tail = "2024-03-06,2,报销差旅费,1200.50\n2024-03-07,3,收到货款,58000\n";
    for (const encoding of ["gbk", "utf8"] as const) {
      const bytes = Buffer.concat([Buffer.from(ascii), iconv.encode(tail, encoding)]);
      expect(bytes.subarray(0, 64 * 1024).every((b) => b < 0x80)).toBe(true);
      for (const size of [1, 7, 4096, bytes.length]) {
        const rows = await collect(readDelimited(chunked(bytes, size)));
        expect(rows.slice(-2)).toEqual([
          { rowNo: 3002, cells: ["2024-03-06", "2", "报销差旅费", "1200.50"] },
          { rowNo: 3003, cells: ["2024-03-07", "3", "收到货款", "58000"] },
        ]);
      }
    }
  });

  it("reads Windows-1252 whose first non-ASCII byte comes after the 64 KiB head, however the chunks fall", async () => {
    const ascii = "Belegnummer;Buchungsdatum;Text;Betrag\n" + "1;15.03.2024;Miete;1.234,56\n".repeat(3000);
    const tail = "2;18.03.2024;Gebühren Überweisung;10,00\n3;19.03.2024;Büromaterial gemäß Bestellung;7,50\n";
    const bytes = Buffer.concat([Buffer.from(ascii), iconv.encode(tail, "windows1252")]);
    expect(bytes.subarray(0, 64 * 1024).every((b) => b < 0x80)).toBe(true);
    for (const size of [1, 7, 4096, bytes.length]) {
      const rows = await collect(readDelimited(chunked(bytes, size)));
      expect(rows.slice(-2)).toEqual([
        { rowNo: 3002, cells: ["2", "18.03.2024", "Gebühren Überweisung", "10,00"] },
        { rowNo: 3003, cells: ["3", "19.03.2024", "Büromaterial gemäß Bestellung", "7,50"] },
      ]);
    }
  });

  it("reads a German SAP download in Windows-1252 with its umlauts", async () => {
    const rows = await collect(readDelimited(chunked(iconv.encode(SAP_GERMAN_CP1252_CSV, "windows1252"), 5)));
    expect(rows.map((r) => ("cells" in r ? r.cells.join(";") : r))).toEqual(SAP_GERMAN_CP1252_CSV.split("\r\n"));
  });

  it("strips a UTF-8 BOM so the first header matches", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("FDATE,FNUM\n2024-03-05,1\n")]);
    const rows = await collect(readDelimited(bytes));
    expect(rows[0]).toEqual({ rowNo: 1, cells: ["FDATE", "FNUM"] });
  });

  it("reads UTF-16LE with BOM (Excel's Unicode text export, tab-separated)", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode("摘要\t借方\n计提增值税\t1560\n", "utf16le")]);
    expect(await collect(readDelimited(bytes))).toEqual([
      { rowNo: 1, cells: ["摘要", "借方"] },
      { rowNo: 2, cells: ["计提增值税", "1560"] },
    ]);
  });

  it('reads ="0012" cells (written so Excel keeps leading zeros) as the text inside', async () => {
    const rows = await collect(readDelimited(Buffer.from('凭证号,科目代码,摘要\n="0012",="1001.01","=x"\n'), { delimiter: "," }));
    expect(rows[1]).toEqual({ rowNo: 2, cells: ["0012", "1001.01", "=x"] });
  });

  it("stops with a located failure on a broken file instead of throwing", async () => {
    const rows = await collect(readDelimited(Buffer.from('a,b\n1,2\n"open,3\n'), { delimiter: "," }));
    expect(rows.at(-1)).toEqual({ rowNo: 3, failure: "erp.file_malformed", params: { row: 3 } });
  });
});
