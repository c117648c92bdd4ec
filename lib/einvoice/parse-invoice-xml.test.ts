import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseInvoiceXml } from "./parse-invoice-xml";

const samples = path.resolve(import.meta.dirname, "../../../shared/samples/einvoice");
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "__fixtures__", name), "utf8");

describe("parseInvoiceXml", () => {
  it.skipIf(!existsSync(samples))("reads the 数电票 special VAT sample (needs /work/shared/samples)", () => {
    const result = parseInvoiceXml(readFileSync(path.join(samples, "shudianpiao-special-vat.xml"), "utf8"));
    expect(result).toEqual({
      ok: true,
      value: {
        number: "01234567890123456789",
        kind: "fully_digital_special",
        issueDate: "2024-01-24",
        sellerName: "广州市XXXXXXX有限公司",
        sellerTaxId: "012345678901234567",
        buyerName: "广州XXXXXXXXXXX公司",
        buyerTaxId: "012345678901234567",
        amount: "15841.58",
        tax: "158.42",
        total: "16000",
        currency: "CNY",
        items: [
          { name: "*信息技术服务*信息技术服务", spec: "", unit: "月", quantity: "1", unitPrice: "15841.5841584158", amount: "15841.58", taxRate: "0.01", tax: "158.42" },
        ],
        signature: { algorithm: "1.2.156.10197.1.501", time: "2024-01-24T08:24:02.000Z", present: true },
        source: "xml",
      },
    });
  });

  it("reads a red-letter invoice with the blue invoice it reverses", () => {
    const result = parseInvoiceXml(fixture("red-invoice.xml"));
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.redInvoice).toEqual({ originalNumber: "24442000000000000042" });
    expect(result.value.kind).toBe("fully_digital_general");
    expect([result.value.amount, result.value.tax, result.value.total]).toEqual(["-100", "-6", "-106"]);
    expect(result.value.sellerName).toBe("测试销售方 A&B 有限公司");
    expect(result.value.buyerTaxId).toBeUndefined();
    expect(result.value.items.map((i) => [i.quantity, i.taxRate])).toEqual([["-1", "0.06"], ["", "不征税"]]);
    expect(result.value.signature).toBeUndefined();
  });

  it("refuses a red-letter invoice that does not name its original", () => {
    const text = fixture("red-invoice.xml").replace(/<SpecificInformation>[\s\S]*<\/SpecificInformation>/, "<SpecificInformation/>");
    expect(parseInvoiceXml(text)).toEqual({ ok: false, error: { code: "einvoice.red_without_original", params: { number: "24442000000000000099" } } });
  });

  it("refuses malformed XML", () => {
    expect(parseInvoiceXml(fixture("malformed.xml"))).toEqual({ ok: false, error: { code: "einvoice.malformed_xml" } });
  });

  it("refuses a DOCTYPE, so an external entity is never resolved", () => {
    expect(parseInvoiceXml(fixture("external-entity.xml"))).toEqual({ ok: false, error: { code: "einvoice.doctype_forbidden" } });
  });

  it("refuses XML that is no invoice, and invoices whose totals do not add up", () => {
    expect(parseInvoiceXml("<Voucher><No>1</No></Voucher>")).toEqual({ ok: false, error: { code: "einvoice.unknown_xml" } });
    const text = fixture("red-invoice.xml").replace("<TotalTaxAm>-6.00</TotalTaxAm>", "<TotalTaxAm>-6.01</TotalTaxAm>");
    expect(parseInvoiceXml(text)).toEqual({ ok: false, error: { code: "einvoice.totals_mismatch", params: { amount: "-100", tax: "-6.01", total: "-106" } } });
  });

  it("reports the first missing required field", () => {
    const text = fixture("red-invoice.xml").replace(/<SellerIdNum>.*<\/SellerIdNum>/, "");
    expect(parseInvoiceXml(text)).toEqual({ ok: false, error: { code: "einvoice.missing_field", params: { field: "sellerTaxId" } } });
  });

  it.skipIf(!existsSync(samples))("takes the header total, not the line TotaltaxIncludedAmount", () => {
    const text = readFileSync(path.join(samples, "shudianpiao-special-vat.xml"), "utf8").replace(
      "<TotaltaxIncludedAmount>16000.00</TotaltaxIncludedAmount>",
      "<TotaltaxIncludedAmount>1.00</TotaltaxIncludedAmount>",
    );
    const result = parseInvoiceXml(text);
    expect(result.ok && result.value.total).toBe("16000");
  });
});
