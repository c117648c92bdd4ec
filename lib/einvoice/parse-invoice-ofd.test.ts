import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { makeZip, renameEntry, type FixtureEntry } from "@/lib/files/__fixtures__/make-zip";
import { parseInvoice } from "./parse-invoice";
import { parseInvoiceOfd } from "./parse-invoice-ofd";

const samples = path.resolve(import.meta.dirname, "../../../shared/samples/einvoice");
const sample = (name: string) => readFileSync(path.join(samples, name));
const hasSamples = existsSync(samples);

function ofdXml(customData: Record<string, string>, extra = ""): string {
  const data = Object.entries(customData)
    .map(([name, value]) => `<ofd:CustomData Name="${name}">${value}</ofd:CustomData>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" DocType="OFD" Version="1.1"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID><ofd:CustomDatas>${data}</ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>${extra}</ofd:DocBody></ofd:OFD>`;
}

const template = (title: string): FixtureEntry => ({
  name: "Doc_0/Tpls/Tpl_0/Content.xml",
  data: `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer><ofd:TextObject ID="1"><ofd:TextCode X="0" Y="0">${title}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`,
});

const digitalIndex = {
  发票号码: "24442000000000000123",
  开票日期: "2024年03月05日",
  合计金额: "100.00",
  合计税额: "6.00",
  销售方名称: "测试销售方有限公司",
  销售方纳税人识别号: "91440101TEST00001X",
  购买方名称: "测试购买方有限公司",
  购买方纳税人识别号: "91440101TEST00002Y",
};

describe("parseInvoiceOfd with the real samples", () => {
  it.skipIf(!hasSamples)("reads the 2024 数电票 from CustomDatas completed by the tag files (needs /work/shared/samples)", async () => {
    expect(await parseInvoiceOfd(sample("einvoice-2024-ofd-customdata.ofd"))).toEqual({
      ok: true,
      value: {
        number: "24112000000048542163",
        kind: "fully_digital_special",
        issueDate: "2024-05-28",
        sellerName: "北京互联三六五科技有限公司",
        sellerTaxId: "91110108690017781B",
        buyerName: "海南麒麟云服科技有限公司",
        buyerTaxId: "91460300MAA92DJN95",
        amount: "4197.17",
        tax: "251.83",
        total: "4449",
        currency: "CNY",
        items: [],
        source: "ofd-customdata",
      },
    });
  });

  it.skipIf(!hasSamples)("reads the 2020 增值税电子普通发票 from its attached XML, with the OFD signature", async () => {
    const result = await parseInvoiceOfd(sample("einvoice-2020-ofd-embedded-xml.ofd"));
    if (!result.ok) throw new Error(result.error.code);
    const { items, ...header } = result.value;
    expect(header).toEqual({
      number: "99999951",
      code: "050001700111",
      kind: "vat_electronic_general",
      issueDate: "2020-10-10",
      sellerName: "杭州融易算企业管理咨询有限公司",
      sellerTaxId: "91500106MA2CE71F65",
      buyerName: "科游迈利有限公司",
      buyerTaxId: "9150010807MGZHI002",
      amount: "300",
      tax: "18",
      total: "318",
      currency: "CNY",
      signature: { algorithm: "1.2.156.10197.1.501", time: "2020-10-10T07:11:20.000Z", present: true },
      source: "ofd-attachment",
    });
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({ name: "*餐饮服务*餐费", spec: "", unit: "次", quantity: "4", unitPrice: "25", amount: "100", taxRate: "0.06", tax: "6" });
  });

  it.skipIf(!hasSamples)("gives exactly einvoice.no_invoice_data for the seal-only OFD", async () => {
    expect(await parseInvoiceOfd(sample("einvoice-ofd-seal-only.ofd"))).toEqual({ ok: false, error: { code: "einvoice.no_invoice_data" } });
  });

  it.skipIf(!hasSamples)("dispatches by media type", async () => {
    expect((await parseInvoice(sample("einvoice-2024-ofd-customdata.ofd"), "application/ofd")).ok).toBe(true);
    const xml = await parseInvoice(sample("shudianpiao-special-vat.xml"), "application/xml");
    expect(xml.ok && xml.value.number).toBe("01234567890123456789");
  });
});

describe("parseInvoiceOfd with synthetic containers", () => {
  it("reads CustomDatas alone and takes the kind from the printed title", async () => {
    const ofd = await makeZip([{ name: "OFD.xml", data: ofdXml(digitalIndex) }, template("电子发票（普通发票）")]);
    const result = await parseInvoiceOfd(ofd);
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value).toMatchObject({ number: "24442000000000000123", kind: "fully_digital_general", total: "106", source: "ofd-customdata" });
    expect(result.value.signature).toBeUndefined();
  });

  it("reports a Signs folder as a signature even without a Signatures list", async () => {
    const ofd = await makeZip([{ name: "OFD.xml", data: ofdXml(digitalIndex) }, { name: "Doc_0/Signs/Sign_0/SignedValue.dat", data: Buffer.from([1, 2, 3]) }]);
    const result = await parseInvoiceOfd(ofd);
    expect(result.ok && result.value.signature).toEqual({ present: true });
  });

  it("refuses an OFD whose index and attached invoice disagree", async () => {
    const attached = readFileSync(path.join(import.meta.dirname, "__fixtures__", "red-invoice.xml"));
    const ofd = await makeZip([{ name: "OFD.xml", data: ofdXml(digitalIndex) }, { name: "Doc_0/Attachs/invoice.xml", data: attached }]);
    expect(await parseInvoiceOfd(ofd)).toEqual({
      ok: false,
      error: { code: "einvoice.inconsistent_ofd", params: { indexNumber: "24442000000000000123", attachedNumber: "24442000000000000099" } },
    });
  });

  it("reads a GBK-encoded attached XML", async () => {
    const xml = readFileSync(path.join(import.meta.dirname, "__fixtures__", "red-invoice.xml"), "utf8").replace('encoding="utf-8"', 'encoding="GBK"');
    const ofd = await makeZip([{ name: "OFD.xml", data: ofdXml({}) }, { name: "Doc_0/Attachs/invoice.xml", data: iconv.encode(xml, "gbk") }]);
    const result = await parseInvoiceOfd(ofd);
    expect(result.ok && [result.value.sellerName, result.value.source]).toEqual(["测试销售方 A&B 有限公司", "ofd-attachment"]);
  });

  it("refuses a container with a .. entry before reading anything", async () => {
    const zip = await makeZip([{ name: "OFD.xml", data: ofdXml(digitalIndex) }, { name: "xx/evil.xml", data: "<a/>" }]);
    const ofd = renameEntry(zip, "xx/evil.xml", Buffer.from("../evil.xml"));
    expect(await parseInvoiceOfd(ofd)).toEqual({ ok: false, error: { code: "package.unsafe_path", params: { name: "../evil.xml" } } });
  });

  it("refuses a ZIP without OFD.xml and formats it cannot read", async () => {
    expect(await parseInvoiceOfd(await makeZip([{ name: "a.xml", data: "<a/>" }]))).toEqual({ ok: false, error: { code: "einvoice.not_ofd" } });
    expect(await parseInvoice(Buffer.from("%PDF-1.7"), "application/pdf")).toEqual({ ok: false, error: { code: "einvoice.unsupported_format", params: { mediaType: "application/pdf" } } });
  });
});
