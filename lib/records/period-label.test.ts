import { describe, expect, it } from "vitest";
import type { PeriodKind } from "@/lib/archive/periods/periods";
import { formatMessage } from "@/lib/i18n/load-messages";
import { periodLabelValues, periodParams, selectsPeriod } from "./period-label";

const label = (locale: "zh-CN" | "en", kind: PeriodKind | null, period: number | null) => formatMessage(locale, "records-ui.periodLabel", periodLabelValues(kind, period));

describe("period wording", () => {
  it.each([
    ["month", 3, "3月", "Month 3"],
    ["quarter", 3, "第3季度", "Q3"],
    ["half", 1, "上半年", "First half"],
    ["half", 2, "下半年", "Second half"],
    ["year", null, "年度", "Full year"],
    [null, null, "未分期", "No period"],
  ] as const)("%s %s reads %s / %s", (kind, period, zh, en) => {
    expect(label("zh-CN", kind, period)).toBe(zh);
    expect(label("en", kind, period)).toBe(en);
  });

  it("names a record's period with its year", () => {
    const value = (locale: "zh-CN" | "en", kind: PeriodKind, period: number | null) =>
      formatMessage(locale, "records-ui.view.periodValue", { year: 2023, ...periodLabelValues(kind, period), label: label(locale, kind, period) });
    expect(value("zh-CN", "month", 3)).toBe("2023年3月");
    expect(value("zh-CN", "quarter", 3)).toBe("2023年第3季度");
    expect(value("zh-CN", "half", 1)).toBe("2023年上半年");
    expect(value("zh-CN", "year", null)).toBe("2023年度");
    expect(value("en", "month", 3)).toBe("2023-3");
    expect(value("en", "quarter", 3)).toBe("Q3 2023");
    expect(value("en", "year", null)).toBe("2023");
  });

  it("names the period kinds the filter offers", () => {
    expect(["month", "quarter", "half", "year"].map((k) => formatMessage("zh-CN", `records-ui.periodKinds.${k}`))).toEqual(["月度", "季度", "半年度", "年度"]);
    expect(["month", "quarter", "half", "year"].map((k) => formatMessage("en", `records-ui.periodKinds.${k}`))).toEqual(["Monthly", "Quarterly", "Half-yearly", "Annual"]);
  });
});

describe("period parameters of a tree node", () => {
  it("selects a month by period alone, as links always have, and other kinds by their kind", () => {
    expect(periodParams("month", 3)).toEqual({ period: 3 });
    expect(periodParams("quarter", 3)).toEqual({ periodKind: "quarter", period: 3 });
    expect(periodParams("half", 1)).toEqual({ periodKind: "half", period: 1 });
    expect(periodParams("year", null)).toEqual({ periodKind: "year" });
    expect(periodParams(null, null)).toEqual({});
  });

  it("marks the node the URL selects, and only that one", () => {
    expect(selectsPeriod({ period: "3" }, "month", 3)).toBe(true);
    expect(selectsPeriod({ period: "3", periodKind: "month" }, "month", 3)).toBe(true);
    expect(selectsPeriod({ period: "3" }, "quarter", 3)).toBe(false);
    expect(selectsPeriod({ period: "3", periodKind: "quarter" }, "quarter", 3)).toBe(true);
    expect(selectsPeriod({ period: "3", periodKind: "quarter" }, "month", 3)).toBe(false);
    expect(selectsPeriod({ periodKind: "year" }, "year", null)).toBe(true);
    expect(selectsPeriod({}, "year", null)).toBe(false);
    expect(selectsPeriod({}, null, null)).toBe(false);
  });
});
