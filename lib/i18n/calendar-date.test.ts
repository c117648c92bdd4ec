import { describe, expect, it } from "vitest";
import { calendarDate } from "./calendar-date";

describe("calendarDate", () => {
  it("is the date in Beijing, a day ahead of UTC before 08:00 Beijing time", () => {
    expect(calendarDate(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
    expect(calendarDate(new Date("2026-12-31T15:59:59Z"))).toBe("2026-12-31");
    expect(calendarDate(new Date("2024-02-28T16:00:00Z"))).toBe("2024-02-29");
  });
});
