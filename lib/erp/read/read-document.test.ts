import { describe, expect, it } from "vitest";
import { decodePredefinedEntities, parseJsonExact, readJsonDocument, readJsonLines, readXmlDocument } from "@/lib/erp/read/read-document";

describe("readXmlDocument", () => {
  it("refuses a DOCTYPE with an external entity without resolving it", async () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    const r = await readXmlDocument(Buffer.from(xml));
    expect(r).toEqual({ ok: false, error: { code: "erp.xml_doctype_forbidden", params: { row: 0 } } });
  });

  it("refuses entity-expansion bombs the same way", async () => {
    const xml = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><a>&lol2;</a>';
    expect((await readXmlDocument(Buffer.from(xml))).ok).toBe(false);
  });

  it("keeps undeclared entity references as text and decodes the predefined ones", async () => {
    const r = await readXmlDocument(Buffer.from('<a><b x="1&amp;2">支付货款 &amp; 运费 &#36;&foo;</b></a>'));
    expect(r).toEqual({ ok: true, value: { a: { b: { "#text": "支付货款 & 运费 $&foo;", "@x": "1&2" } } } });
  });

  it("reports malformed XML", async () => {
    expect(await readXmlDocument(Buffer.from("<a><b></a>"))).toEqual({ ok: false, error: { code: "erp.xml_invalid", params: { row: 0 } } });
  });

  it("ignores out-of-range character references", () => {
    expect(decodePredefinedEntities("&#99999999;&lt;")).toBe("&#99999999;<");
  });
});

describe("readJsonDocument", () => {
  it("caps the size of whole documents", async () => {
    expect(await readJsonDocument(Buffer.from('{"a": 1}'), 4)).toEqual({ ok: false, error: { code: "erp.file_too_large", params: { maxBytes: 4 } } });
    expect(await readJsonDocument(Buffer.from("{oops"))).toEqual({ ok: false, error: { code: "erp.json_invalid", params: { row: 0 } } });
  });
});

describe("parseJsonExact", () => {
  it("keeps the text of a number a double cannot hold exactly, and leaves strings and short numbers alone", () => {
    const json = '{"debit": 12345678901234.56, "big": -1234567890123456789e2, "n": 1200.5, "zeros": 0.000000000000001, "s": "12345678901234567 \\" 1234567890123456", "year": 2024}';
    expect(parseJsonExact(json)).toEqual({
      debit: "12345678901234.56",
      big: "-1234567890123456789e2",
      n: 1200.5,
      zeros: 0.000000000000001,
      s: '12345678901234567 " 1234567890123456',
      year: 2024,
    });
  });

  it("refuses what JSON.parse refuses, even where quoting a number would have mended it", () => {
    expect(() => parseJsonExact("[01234567890123456789]")).toThrow(SyntaxError);
    expect(() => parseJsonExact('{"a": 1234567890123456789')).toThrow(SyntaxError);
  });
});

describe("readJsonLines", () => {
  it("numbers values by line and reports bad lines", async () => {
    const out = [];
    for await (const item of readJsonLines(Buffer.from('{"a":1}\n\nnot json\n{"b":2}'))) out.push(item);
    expect(out).toEqual([
      { rowNo: 1, value: { a: 1 } },
      { rowNo: 3, failure: "erp.json_invalid", params: { row: 3 } },
      { rowNo: 4, value: { b: 2 } },
    ]);
  });
});
