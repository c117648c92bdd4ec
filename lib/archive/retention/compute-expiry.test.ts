import { describe, expect, it } from "vitest";
import { computeExpiry, longestRetention, parseIsoDate } from "./compute-expiry";

describe("computeExpiry", () => {
  it("counts fixed terms from 1 January after the fiscal year and ends the day before the anniversary", () => {
    expect(computeExpiry({ retention: "Y30", fiscalYear: 2023 })).toEqual({ ok: true, value: { expiresOn: "2053-12-31" } });
    expect(computeExpiry({ retention: "Y10", fiscalYear: 2024 })).toEqual({ ok: true, value: { expiresOn: "2034-12-31" } });
    expect(computeExpiry({ retention: "Y5", fiscalYear: 1999 })).toEqual({ ok: true, value: { expiresOn: "2004-12-31" } });
    expect(computeExpiry({ retention: "Y2", fiscalYear: 2024 })).toEqual({ ok: true, value: { expiresOn: "2026-12-31" } });
  });

  it("keeps leap fiscal years to 31 December like any other year", () => {
    expect(computeExpiry({ retention: "Y30", fiscalYear: 2024 })).toEqual({ ok: true, value: { expiresOn: "2054-12-31" } });
  });

  it("never expires permanent records", () => {
    expect(computeExpiry({ retention: "permanent", fiscalYear: 2023 })).toEqual({
      ok: true,
      value: { expiresOn: null, reason: "archive.retention.permanent" },
    });
  });

  it("keeps fixed-asset cards five years after disposal", () => {
    expect(computeExpiry({ retention: "after_disposal_5y", fiscalYear: 2010, disposalDate: "2023-06-15" })).toEqual({
      ok: true,
      value: { expiresOn: "2028-06-15" },
    });
    expect(computeExpiry({ retention: "after_disposal_5y", fiscalYear: 2010, disposalDate: "2023-12-31" })).toEqual({
      ok: true,
      value: { expiresOn: "2028-12-31" },
    });
  });

  it("moves a 29 February disposal to 28 February five years later", () => {
    expect(computeExpiry({ retention: "after_disposal_5y", fiscalYear: 2015, disposalDate: "2024-02-29" })).toEqual({
      ok: true,
      value: { expiresOn: "2029-02-28" },
    });
    expect(computeExpiry({ retention: "after_disposal_5y", fiscalYear: 2015, disposalDate: "2023-02-28" })).toEqual({
      ok: true,
      value: { expiresOn: "2028-02-28" },
    });
  });

  it("waits for the disposal date of a card still in use", () => {
    expect(computeExpiry({ retention: "after_disposal_5y", fiscalYear: 2020 })).toEqual({
      ok: true,
      value: { expiresOn: null, reason: "archive.retention.awaiting_disposal" },
    });
  });

  it("rejects impossible dates and years", () => {
    const badDate = computeExpiry({ retention: "after_disposal_5y", fiscalYear: 2020, disposalDate: "2023-02-29" });
    expect(badDate.ok).toBe(false);
    if (!badDate.ok) expect(badDate.error.fields).toEqual({ disposalDate: "validation.custom" });
    const badYear = computeExpiry({ retention: "Y10", fiscalYear: 20.5 });
    expect(badYear.ok).toBe(false);
    if (!badYear.ok) expect(badYear.error.fields).toHaveProperty("fiscalYear");
  });
});

describe("parseIsoDate", () => {
  it("accepts real dates only", () => {
    expect(parseIsoDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate("2023-02-29")).toBeNull();
    expect(parseIsoDate("2023-13-01")).toBeNull();
    expect(parseIsoDate("2023-1-01")).toBeNull();
  });
});

describe("longestRetention", () => {
  it("orders permanent above disposal-bound above fixed terms", () => {
    expect(longestRetention(["Y10", "Y30", "Y5"])).toBe("Y30");
    expect(longestRetention(["Y30", "permanent", "Y10"])).toBe("permanent");
    expect(longestRetention(["Y30", "after_disposal_5y"])).toBe("after_disposal_5y");
    expect(longestRetention(["after_disposal_5y", "permanent"])).toBe("permanent");
    expect(longestRetention(["Y2", "Y5"])).toBe("Y5");
    expect(longestRetention([])).toBeNull();
  });
});
