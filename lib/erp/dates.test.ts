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
    ["2024年3月15日 10:30", "2024-03-15"],
    ["2024/03/15 10:30:00.000", "2024-03-15"],
    ["2024.03.15", "2024-03-15"],
    ["2024.3.5", "2024-03-05"],
    ["2024.03-15", "erp.date_invalid"],
    ["45366", "2024-03-15"],
    ["", "erp.date_missing"],
    ["2024-02-30", "erp.date_invalid"],
    ["15/03/2024", "erp.date_invalid"],
  ])("%j → %s", (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });

  it("reads an instant with a zone as the day it was in Beijing, not the day printed in UTC", () => {
    expect(parsed("2024-03-14T16:30:00Z")).toBe("2024-03-15");
    expect(parsed("2024-03-14T16:30:00.000Z")).toBe("2024-03-15");
    expect(parsed("2024-03-15T00:00:00+08:00")).toBe("2024-03-15");
    expect(parsed("2024-03-15T23:30:00+08:00")).toBe("2024-03-15");
    expect(parsed("2024-03-15T23:30:00-05:00")).toBe("2024-03-16");
    expect(parsed("2024-03-15T10:00:00+0800")).toBe("2024-03-15");
    expect(parsed("2024-3-14 9:00Z")).toBe("2024-03-14");
    // Without a zone the ERP printed its own (Beijing) wall time: the printed day stands.
    expect(parsed("2024-03-15T23:30:00")).toBe("2024-03-15");
  });

  it("reads an Excel serial carrying a time of day as its day", () => {
    expect(parsed("45366.75")).toBe("2024-03-15");
    expect(parsed("45366.75", ["YYYY-MM-DD"])).toBe("erp.date_invalid");
  });

  it("takes a bare year or month for what it is, not for an Excel serial of 1905 or 1900", () => {
    expect(parsed("2024")).toBe("erp.date_invalid");
    expect(parsed("202403")).toBe("erp.date_invalid");
    expect(parsed("12")).toBe("erp.date_invalid");
    expect(parsed("10000")).toBe("1927-05-18");
  });

  it("only tries the layouts it is given", () => {
    expect(parsed("45366", ["YYYY-MM-DD"])).toBe("erp.date_invalid");
    expect(parsed("15.03.2024", ["DD.MM.YYYY"])).toBe("2024-03-15");
  });
});
