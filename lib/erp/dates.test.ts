import { describe, expect, it } from "vitest";
import { excelSerialToIsoDate, isIsoDate, parseDateText } from "@/lib/erp/dates";

const parsed = (text: string, formats?: Parameters<typeof parseDateText>[1]) => {
  const r = parseDateText(text, formats);
  return r.ok ? r.value : r.error.code;
};

describe("dates", () => {
  it("knows real calendar dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2024-3-01")).toBe(false);
  });

  it("converts Excel 1900 serials, skipping the fictitious 1900-02-29", () => {
    expect(excelSerialToIsoDate(45366)).toBe("2024-03-15");
    expect(excelSerialToIsoDate(61)).toBe("1900-03-01");
    expect(excelSerialToIsoDate(60)).toBeNull();
    expect(excelSerialToIsoDate(45366.5)).toBeNull();
  });

  it.each([
    ["2024-03-15", "2024-03-15"],
    ["2024-3-5", "2024-03-05"],
    ["2024/03/15", "2024-03-15"],
    ["2024-03-15 00:00:00", "2024-03-15"],
    ["2024-03-15T00:00:00Z", "2024-03-15"],
    ["15.03.2024", "2024-03-15"],
    ["20240315", "2024-03-15"],
    ["2024年3月15日", "2024-03-15"],
    ["45366", "2024-03-15"],
    ["", "erp.date_missing"],
    ["2024-02-30", "erp.date_invalid"],
    ["15/03/2024", "erp.date_invalid"],
  ])("%j → %s", (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });

  it("only tries the layouts it is given", () => {
    expect(parsed("45366", ["YYYY-MM-DD"])).toBe("erp.date_invalid");
    expect(parsed("15.03.2024", ["DD.MM.YYYY"])).toBe("2024-03-15");
  });
});
