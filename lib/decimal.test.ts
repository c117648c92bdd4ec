import { describe, expect, it } from "vitest";
import {
  addDecimals,
  compareDecimals,
  formatDecimal,
  isZeroDecimal,
  negateDecimal,
  parseDecimal,
} from "@/lib/decimal";

const value = (text: string, options?: Parameters<typeof parseDecimal>[1]) => {
  const r = parseDecimal(text, options);
  return r.ok ? r.value : r.error.code;
};

describe("parseDecimal", () => {
  it.each([
    ["1,234.50", "1234.5"],
    ["  12 ", "12"],
    ["１２３", "123"],
    ["１，２３４．５０", "1234.5"],
    ["(12.00)", "-12"],
    ["（12.00）", "-12"],
    ["-12", "-12"],
    ["+7.10", "7.1"],
    ["12.00-", "-12"],
    ["1 234 567.89", "1234567.89"],
    ["0.000", "0"],
    ["-0.00", "0"],
    [".5", "0.5"],
    ["007", "7"],
    ["1\u00a0234.5", "1234.5"],
  ])("%s → %s", (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it("reads German amounts when told the decimal separator is a comma", () => {
    expect(value("1.234,56", { decimalSeparator: "," })).toBe("1234.56");
    expect(value("1.234,56-", { decimalSeparator: "," })).toBe("-1234.56");
    expect(value("1.234.567", { decimalSeparator: "," })).toBe("1234567");
    expect(value("1.234,56")).toBe("decimal.invalid");
  });

  it.each(["", "   "])("rejects empty text %j", (text) => {
    expect(value(text)).toBe("decimal.empty");
  });

  it.each(["abc", "12a", "1,23.4", "1.2.3", "--5", "(5", "1e5", "¥12", "-", ".", "12-3", "(-5)"])("rejects %j", (text) => {
    expect(value(text)).toBe("decimal.invalid");
  });

  it("rejects more decimals than the scale allows instead of rounding silently", () => {
    expect(value("0.30000000000000004")).toBe("decimal.too_precise");
    expect(value("12.345", { maxScale: 2 })).toBe("decimal.too_precise");
    expect(value("12.340", { maxScale: 2 })).toBe("12.34");
    expect(value("6.123456")).toBe("6.123456");
  });
});

describe("decimal arithmetic", () => {
  it("adds exactly where floats would not", () => {
    expect(addDecimals("0.1", "0.2")).toBe("0.3");
    expect(addDecimals("1200", "-1100.5", "0.5")).toBe("100");
    expect(addDecimals("99999999999999999.99", "0.01")).toBe("100000000000000000");
    expect(addDecimals()).toBe("0");
  });

  it("compares across scales", () => {
    expect(compareDecimals("1.10", "1.1")).toBe(0);
    expect(compareDecimals("-1", "0.5")).toBe(-1);
    expect(compareDecimals("10", "9.999999")).toBe(1);
  });

  it("negates and tests zero", () => {
    expect(negateDecimal("12.5")).toBe("-12.5");
    expect(negateDecimal("0")).toBe("0");
    expect(isZeroDecimal("0")).toBe(true);
    expect(isZeroDecimal("-0.01")).toBe(false);
  });

  it("throws on non-canonical input, which is a programming error", () => {
    expect(() => addDecimals("1,000")).toThrow(TypeError);
  });
});

describe("formatDecimal", () => {
  it("pads to a fixed scale", () => {
    expect(formatDecimal("1234.5", 2)).toBe("1234.50");
    expect(formatDecimal("0", 2)).toBe("0.00");
    expect(formatDecimal("-3", 0)).toBe("-3");
  });

  it("groups thousands for messages", () => {
    expect(formatDecimal("1200", 2, { grouping: true })).toBe("1,200.00");
    expect(formatDecimal("-1234567.891", 2, { grouping: true })).toBe("-1,234,567.89");
  });

  it("rounds half away from zero", () => {
    expect(formatDecimal("2.345", 2)).toBe("2.35");
    expect(formatDecimal("-2.345", 2)).toBe("-2.35");
    expect(formatDecimal("-0.004", 2)).toBe("0.00");
  });
});
