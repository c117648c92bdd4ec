import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { makeZip, patchEntry } from "./__fixtures__/make-zip";
import { detectEncryption, digestFile, isLongTermFormat, MEDIA_TYPES, pdfHasEncryptDictionary, readHead, SCAN_OVERLAP, SCAN_WINDOW, sniffMediaType, someWindow } from "./identify";

const samples = path.resolve(import.meta.dirname, "../../../shared/samples/einvoice");

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");
const JPEG = Buffer.concat([Buffer.from("ffd8ffe000104a46494600010100000100010000", "hex"), Buffer.alloc(32)]);
const TIFF = Buffer.concat([Buffer.from("49492a0008000000", "hex"), Buffer.alloc(64)]);

function pdf(trailerExtra: string, body = ""): Buffer {
  return Buffer.from(
    `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n${body}xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R ${trailerExtra}>>\nstartxref\n9\n%%EOF\n`,
    "latin1",
  );
}

describe("digestFile", () => {
  it("computes SHA-256 and SM3 (GB/T 32905 example 1) of bytes", async () => {
    expect(await digestFile(Buffer.from("abc"))).toEqual({
      size: 3,
      sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      sm3: "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
    });
  });

  it("gives the same digest for a stream read chunk by chunk", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 0x5a);
    const chunks = [big.subarray(0, 1000), big.subarray(1000, 2_000_000), big.subarray(2_000_000)];
    const streamed = await digestFile(Readable.from(chunks));
    expect(streamed).toEqual(await digestFile(big));
    expect(streamed.size).toBe(big.length);
  });
});

describe("sniffMediaType", () => {
  it.each([
    [PNG, "scan.png", MEDIA_TYPES.png, "png", true],
    [PNG, "scan.jpg", MEDIA_TYPES.png, "png", false],
    [JPEG, "receipt.JPEG", MEDIA_TYPES.jpeg, "jpg", true],
    [TIFF, "page.tif", MEDIA_TYPES.tiff, "tif", true],
    [pdf(""), "invoice.pdf", MEDIA_TYPES.pdf, "pdf", true],
    [pdf(""), "invoice.ofd", MEDIA_TYPES.pdf, "pdf", false],
  ])("identifies binary formats by signature (%#)", async (bytes, name, mediaType, extension, matchesName) => {
    expect(await sniffMediaType(bytes, name)).toEqual({ mediaType, extension, matchesName });
  });

  it("recognises XML with and without declaration or BOM", async () => {
    for (const text of ['<?xml version="1.0"?><EInvoice/>', "\ufeff<?xml version=\"1.0\"?><a/>", "  <EInvoice><x/></EInvoice>"]) {
      expect(await sniffMediaType(Buffer.from(text), "a.xml")).toEqual({ mediaType: MEDIA_TYPES.xml, extension: "xml", matchesName: true });
    }
    const gbk = iconv.encode('<?xml version="1.0" encoding="GBK"?><发票><名称>公司</名称></发票>', "gbk");
    expect((await sniffMediaType(gbk, "a.xml")).mediaType).toBe(MEDIA_TYPES.xml);
  });

  it("tells CSV, JSON and plain text apart by name once the bytes are text, UTF-8 or GB18030", async () => {
    const csv = "凭证字,凭证号,摘要\n记,12,差旅费\n";
    expect(await sniffMediaType(Buffer.from(csv), "vouchers.csv")).toEqual({ mediaType: MEDIA_TYPES.csv, extension: "csv", matchesName: true });
    expect(await sniffMediaType(iconv.encode(csv, "gb18030"), "vouchers.CSV")).toEqual({ mediaType: MEDIA_TYPES.csv, extension: "csv", matchesName: true });
    expect(await sniffMediaType(Buffer.from('{"vouchers":[]}'), "v.json")).toEqual({ mediaType: MEDIA_TYPES.json, extension: "json", matchesName: true });
    expect(await sniffMediaType(Buffer.from("2020年1月—12月电子会计凭证，共555件"), "说明文件.txt")).toEqual({ mediaType: MEDIA_TYPES.text, extension: "txt", matchesName: true });
    expect(await sniffMediaType(Buffer.from("hello"), "x.pdf")).toEqual({ mediaType: MEDIA_TYPES.text, extension: "txt", matchesName: false });
  });

  it("reads UTF-16 with a BOM (Excel's Unicode text export) as text, not as an MPEG audio frame", async () => {
    const text = "摘要\t借方\n计提增值税\t1560\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf16le")]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, "utf16be")]);
    expect(await sniffMediaType(le, "凭证.txt")).toEqual({ mediaType: MEDIA_TYPES.text, extension: "txt", matchesName: true });
    expect(await sniffMediaType(le.subarray(0, 9), "凭证.csv")).toEqual({ mediaType: MEDIA_TYPES.csv, extension: "csv", matchesName: true });
    expect((await sniffMediaType(be, "凭证.csv")).mediaType).toBe(MEDIA_TYPES.csv);
  });

  it("tolerates a UTF-8 character cut off at the end of a head sample", async () => {
    const head = Buffer.from("摘要,金额\n差旅费,1").subarray(0, 8);
    expect((await sniffMediaType(head, "a.csv")).mediaType).toBe(MEDIA_TYPES.csv);
  });

  it("falls back to octet-stream for unknown binary data", async () => {
    expect(await sniffMediaType(Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0]), "x.dat")).toEqual({ mediaType: MEDIA_TYPES.unknown, extension: "bin", matchesName: false });
  });

  it("identifies ZIP containers by their marker entries", async () => {
    const ofd = await makeZip([{ name: "Doc_0/Document.xml", data: "<d/>" }, { name: "OFD.xml", data: "<ofd:OFD/>" }]);
    expect(await sniffMediaType(ofd, "invoice.ofd")).toEqual({ mediaType: MEDIA_TYPES.ofd, extension: "ofd", matchesName: true });
    const nested = await makeZip([{ name: "x/OFD.xml", data: "<ofd:OFD/>" }]);
    expect((await sniffMediaType(nested, "a.zip")).mediaType).toBe(MEDIA_TYPES.zip);
    const xlsx = await makeZip([{ name: "[Content_Types].xml", data: "<Types/>" }, { name: "xl/workbook.xml", data: "<w/>" }]);
    expect(await sniffMediaType(xlsx, "凭证.xlsx")).toEqual({ mediaType: MEDIA_TYPES.xlsx, extension: "xlsx", matchesName: true });
    const docx = await makeZip([{ name: "[Content_Types].xml", data: "<Types/>" }, { name: "word/document.xml", data: "<w/>" }]);
    expect((await sniffMediaType(docx, "合同.docx")).mediaType).toBe(MEDIA_TYPES.docx);
    expect(await sniffMediaType(await makeZip([{ name: "a.txt", data: "a" }]), "a.ofd")).toEqual({ mediaType: MEDIA_TYPES.zip, extension: "zip", matchesName: false });
  });

  it.skipIf(!existsSync(samples))("identifies the real OFD and XML invoices (needs /work/shared/samples)", async () => {
    for (const name of ["einvoice-2024-ofd-customdata.ofd", "einvoice-2020-ofd-embedded-xml.ofd", "einvoice-ofd-seal-only.ofd"]) {
      expect((await sniffMediaType(readFileSync(path.join(samples, name)), name)).mediaType).toBe(MEDIA_TYPES.ofd);
    }
    const xml = readFileSync(path.join(samples, "shudianpiao-special-vat.xml"));
    expect((await sniffMediaType(xml, "shudianpiao-special-vat.xml")).mediaType).toBe(MEDIA_TYPES.xml);
  });
});

describe("isLongTermFormat", () => {
  it("allows the DA/T 70 3-3 list only", () => {
    for (const type of [MEDIA_TYPES.ofd, MEDIA_TYPES.pdf, MEDIA_TYPES.xml, MEDIA_TYPES.jpeg, MEDIA_TYPES.png, MEDIA_TYPES.tiff, MEDIA_TYPES.xlsx]) {
      expect(isLongTermFormat(type)).toBe(true);
    }
    for (const type of [MEDIA_TYPES.docx, MEDIA_TYPES.zip, MEDIA_TYPES.csv, MEDIA_TYPES.text, MEDIA_TYPES.unknown, "image/gif"]) {
      expect(isLongTermFormat(type)).toBe(false);
    }
  });
});

describe("detectEncryption", () => {
  it("finds /Encrypt in a classic trailer", async () => {
    expect(pdfHasEncryptDictionary(pdf(""))).toBe(false);
    expect(pdfHasEncryptDictionary(pdf("/Encrypt 5 0 R "))).toBe(true);
    expect(await detectEncryption(pdf("/Encrypt 5 0 R "), MEDIA_TYPES.pdf)).toEqual({ ok: true, value: { encrypted: true, proprietaryCompression: false } });
  });

  it("finds /Encrypt in a cross-reference stream dictionary (PDF 1.5+)", () => {
    const xrefStream = Buffer.from(
      "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n9 0 obj\n<< /Type /XRef /Size 10 /W [1 2 1] /Root 1 0 R /Encrypt 8 0 R /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n40\n%%EOF\n",
      "latin1",
    );
    expect(pdfHasEncryptDictionary(xrefStream)).toBe(true);
    expect(pdfHasEncryptDictionary(Buffer.from(xrefStream.toString("latin1").replace("/Encrypt 8 0 R ", ""), "latin1"))).toBe(false);
  });

  it("ignores /Encrypt outside the trailer and the /EncryptMetadata key", () => {
    expect(pdfHasEncryptDictionary(pdf("", "3 0 obj\n<< /Length 20 >>\nstream\n(/Encrypt) Tj\nendstream\nendobj\n"))).toBe(false);
    expect(pdfHasEncryptDictionary(pdf("/EncryptMetadata false "))).toBe(false);
  });

  it("flags ZIP entries with the encryption bit or a proprietary compression method", async () => {
    const plain = await makeZip([{ name: "OFD.xml", data: "<a/>", compress: true }, { name: "Doc_0/Document.xml", data: "<d/>" }]);
    expect(await detectEncryption(plain, MEDIA_TYPES.ofd)).toEqual({ ok: true, value: { encrypted: false, proprietaryCompression: false } });
    expect(await detectEncryption(patchEntry(plain, "Doc_0/Document.xml", "flags", 0x801), MEDIA_TYPES.ofd)).toEqual({ ok: true, value: { encrypted: true, proprietaryCompression: false } });
    expect(await detectEncryption(patchEntry(plain, "OFD.xml", "method", 14), MEDIA_TYPES.xlsx)).toEqual({ ok: true, value: { encrypted: false, proprietaryCompression: true } });
  });

  it("reports an unreadable container and passes other formats", async () => {
    expect(await detectEncryption(Buffer.from("PK\u0003\u0004 broken"), MEDIA_TYPES.zip)).toEqual({ ok: false, error: { code: "package.unreadable" } });
    expect(await detectEncryption(PNG, MEDIA_TYPES.png)).toEqual({ ok: true, value: { encrypted: false, proprietaryCompression: false } });
  });
});

describe("files on disk, a window at a time", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  async function onDisk(bytes: Uint8Array) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "acta-identify-"));
    dirs.push(dir);
    const file = path.join(dir, "file");
    await writeFile(file, bytes);
    return file;
  }

  it("never hands a test more than one window, and misses no mark across two windows' border", async () => {
    const window = SCAN_OVERLAP + 1024;
    const mark = "/Type /Sig";
    const bytes = Buffer.alloc(10 * window, " ");
    // Across the border of the third window and the fourth.
    bytes.write(mark, 3 * (window - SCAN_OVERLAP) + window - 4, "latin1");
    const file = await onDisk(bytes);
    const seen: number[] = [];
    const found = await someWindow(file, (w) => (seen.push(w.length), w.toString("latin1").includes(mark)), window);
    expect(found).toBe(true);
    expect(Math.max(...seen)).toBe(window);
    expect(await someWindow(file, (w) => w.toString("latin1").includes("/Encrypt"), window)).toBe(false);
    expect(await someWindow(await onDisk(Buffer.alloc(0)), () => false)).toBe(false);
  });

  it("finds a PDF's encryption in a trailer far past the first window", async () => {
    const filler = `3 0 obj\n<< /Length ${SCAN_WINDOW * 2} >>\nstream\n${" ".repeat(SCAN_WINDOW * 2)}\nendstream\nendobj\n`;
    expect(await detectEncryption(await onDisk(pdf("/Encrypt 5 0 R ", filler)), MEDIA_TYPES.pdf)).toEqual({ ok: true, value: { encrypted: true, proprietaryCompression: false } });
    expect(await detectEncryption(await onDisk(pdf("", filler)), MEDIA_TYPES.pdf)).toEqual({ ok: true, value: { encrypted: false, proprietaryCompression: false } });
  });

  it("tells an OFD from its head and its ZIP directory on disk, as from the whole file in memory", async () => {
    const ofd = await makeZip([{ name: "OFD.xml", data: "<ofd:OFD/>" }, { name: "Doc_0/Res/scan.png", data: "x".repeat(256 * 1024) }]);
    const file = await onDisk(ofd);
    const head = await readHead(file, 4096);
    expect(head).toEqual(ofd.subarray(0, 4096));
    expect(await sniffMediaType(head, "invoice.ofd", file)).toEqual({ mediaType: MEDIA_TYPES.ofd, extension: "ofd", matchesName: true });
    expect(await detectEncryption(file, MEDIA_TYPES.ofd)).toEqual({ ok: true, value: { encrypted: false, proprietaryCompression: false } });
  });
});
