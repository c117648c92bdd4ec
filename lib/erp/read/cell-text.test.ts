import { describe, expect, it } from "vitest";
import { cellText, numberText } from "@/lib/erp/read/cell-text";

describe("numberText", () => {
  it.each([
    [0.1 + 0.2, "0.3"],
    [1234.5, "1234.5"],
    [45366, "45366"],
    [-0.000001, "-0.000001"],
    [1e21, "1000000000000000000000"],
    [123456789.123, "123456789.123"],
    [1.005 * 1000, "1005"],
  ])("%d → %s", (n, expected) => {
    expect(numberText(n)).toBe(expected);
  });
});

describe("cellText", () => {
  it("reads every exceljs value shape", () => {
    expect(cellText(null)).toBe("");
    expect(cellText("1,234.50")).toBe("1,234.50");
    expect(cellText(new Date(Date.UTC(2024, 2, 15)))).toBe("2024-03-15");
    expect(cellText({ richText: [{ text: "报销" }, { text: "差旅费" }] })).toBe("报销差旅费");
    expect(cellText({ formula: "A1+A2", result: 0.1 + 0.2 })).toBe("0.3");
    expect(cellText({ text: "BX-001", hyperlink: "https://oa.example/BX-001" })).toBe("BX-001");
    expect(cellText({ error: "#N/A" })).toBe("");
    expect(cellText(true)).toBe("TRUE");
  });
});
