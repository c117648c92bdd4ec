import { describe, expect, it } from "vitest";
import { apiQuery, fromPeriodChoice, periodChoice } from "./search-params";

describe("the period select", () => {
  it.each<[{ period?: string; periodKind?: string }, string]>([
    [{ period: "3" }, "3"],
    [{ period: "3", periodKind: "month" }, "3"],
    [{ period: "3", periodKind: "quarter" }, "quarter:3"],
    [{ period: "1", periodKind: "half" }, "half:1"],
    [{ periodKind: "year" }, "year"],
    [{}, ""],
  ])("shows %j as option %s", (params, option) => {
    expect(periodChoice(params.period, params.periodKind)).toBe(option);
  });

  it.each([
    ["3", { period: "3", periodKind: null }],
    ["quarter:3", { period: "3", periodKind: "quarter" }],
    ["half:2", { period: "2", periodKind: "half" }],
    ["year", { period: null, periodKind: "year" }],
    ["", { period: null, periodKind: null }],
  ])("turns option %s into %j", (option, params) => {
    expect(fromPeriodChoice(option)).toEqual(params);
  });

  it("keeps periodKind in the API query", () => {
    expect(apiQuery({ period: "3", periodKind: "quarter" }, null)).toBe("period=3&periodKind=quarter");
  });
});
