import { describe, expect, it } from "vitest";
import { COUNT_CAP } from "@/lib/search/limits";
import { totalLabel } from "./total-label";

describe("totalLabel", () => {
  it("says an exact total as it is, an estimate as about, and the cap's floor as more than the cap", () => {
    expect(totalLabel({ total: 469, totalIsEstimate: false })).toEqual({ key: "total", total: 469 });
    expect(totalLabel({ total: 51_606, totalIsEstimate: true })).toEqual({ key: "totalEstimate", total: 51_606 });
    expect(totalLabel({ total: COUNT_CAP + 1, totalIsEstimate: true })).toEqual({ key: "totalOverCap", total: COUNT_CAP });
  });
});
