import { describe, expect, it } from "vitest";
import { beijingTimeToUtc, buildInvoice, normaliseInvoiceDate, normaliseTaxRate, type RawInvoice } from "./build-invoice";

const base: RawInvoice = {
  number: "24112000000048542163",
  kind: "unknown",
  issueDate: "2024年05月28日",
  sellerName: "卖方",
  sellerTaxId: "91110108690017781B",
  buyerName: "买方",
  items: [],
  source: "ofd-customdata",
};

describe("buildInvoice", () => {
  it("derives the missing one of amount, tax and total exactly", () => {
    const fromTotal = buildInvoice({ ...base, amount: "¥4197.17", total: "4449.00" });
    expect(fromTotal.ok && [fromTotal.value.amount, fromTotal.value.tax, fromTotal.value.total]).toEqual(["4197.17", "251.83", "4449"]);
    const fromAmount = buildInvoice({ ...base, tax: "0.10", total: "0.30" });
    expect(fromAmount.ok && fromAmount.value.amount).toBe("0.2");
    expect(buildInvoice({ ...base, amount: "1" })).toEqual({ ok: false, error: { code: "einvoice.missing_field", params: { field: "tax" } } });
  });

  it("rejects amounts that are not money", () => {
    expect(buildInvoice({ ...base, amount: "12.345", tax: "1" })).toEqual({ ok: false, error: { code: "einvoice.invalid_amount", params: { field: "amount", value: "12.345" } } });
    expect(buildInvoice({ ...base, issueDate: "2024-02-30", amount: "1", tax: "0" })).toEqual({ ok: false, error: { code: "einvoice.invalid_date", params: { value: "2024-02-30" } } });
  });
});

describe("normalisers", () => {
  it.each([
    ["2024-01-24", "2024-01-24"],
    ["2024-01-24 16:23:48", "2024-01-24"],
    ["2020年10月10日", "2020-10-10"],
    ["20201010", "2020-10-10"],
    ["2024/3/5", "2024-03-05"],
    ["24-01-01", undefined],
  ])("dates: %j → %j", (text, expected) => {
    expect(normaliseInvoiceDate(text)).toBe(expected);
  });

  it.each([
    ["6%", "0.06"],
    ["13%", "0.13"],
    ["0.5%", "0.005"],
    ["0.01", "0.01"],
    ["免税", "免税"],
  ])("tax rates: %j → %j", (text, expected) => {
    expect(normaliseTaxRate(text)).toBe(expected);
  });

  it("turns Beijing signing times into UTC", () => {
    expect(beijingTimeToUtc("2024-01-24 16:24:02")).toBe("2024-01-24T08:24:02.000Z");
    expect(beijingTimeToUtc("20201010031120")).toBe("2020-10-09T19:11:20.000Z");
    expect(beijingTimeToUtc("yesterday")).toBeUndefined();
  });
});
