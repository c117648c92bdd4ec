import { describe, expect, it } from "vitest";
import { context, options, voucherRecord } from "./__fixtures__/batch";
import { DEFAULT_CHECK_REGISTRY } from "./registry";
import { runChecks, summariseResults } from "./run-checks";
import type { CheckResult } from "./types";

describe("DEFAULT_CHECK_REGISTRY", () => {
  it("lists all 45 DA/T 70 items once, 16/11/9/9 per property", () => {
    const codes = DEFAULT_CHECK_REGISTRY.map((c) => c.code);
    expect(new Set(codes).size).toBe(45);
    const perProperty = (p: string) => DEFAULT_CHECK_REGISTRY.filter((c) => c.property === p).length;
    expect([perProperty("authenticity"), perProperty("completeness"), perProperty("usability"), perProperty("security")]).toEqual([16, 11, 9, 9]);
    expect(codes.filter((c) => c.startsWith("1-"))).toHaveLength(16);
  });

  it("marks the filing-stage items of DA/T 70", () => {
    const gd = DEFAULT_CHECK_REGISTRY.filter((c) => c.stages.includes("GD")).map((c) => c.code);
    expect(gd).toEqual([
      "1-1", "1-2", "1-3", "1-4", "1-5", "1-6", "1-7", "1-8", "1-10", "1-11", "1-12", "1-13", "1-14",
      "2-1", "2-2", "2-3", "2-4", "2-5", "2-6", "2-7", "2-8", "2-9", "2-11",
      "3-1", "3-2", "3-3", "3-4", "3-6", "3-8",
      "4-1", "4-2", "4-3", "4-4", "4-5", "4-6", "4-7",
    ]);
  });

  it("titles every item in both languages from the message files", () => {
    expect(DEFAULT_CHECK_REGISTRY.find((c) => c.code === "2-6")?.title).toEqual({ zh: "连续性元数据项检测", en: "Sequence numbers consecutive" });
    for (const check of DEFAULT_CHECK_REGISTRY) {
      expect(check.title.zh, check.code).toMatch(/\S/);
      expect(check.title.en, check.code).toMatch(/\S/);
    }
  });

  it("leaves content, readability, environment and process security to a person", () => {
    expect(DEFAULT_CHECK_REGISTRY.filter((c) => c.mode === "manual" && c.stages.includes("GD")).map((c) => c.code)).toEqual(["2-7", "3-4", "3-6", "4-4", "4-5", "4-6", "4-7"]);
  });
});

describe("runChecks", () => {
  const batch = context([voucherRecord(1), voucherRecord(2)]);
  const results = runChecks(DEFAULT_CHECK_REGISTRY, batch, options());

  function outcome(code: string, recordId: string | null = "v1"): string | undefined {
    return results.find((r) => r.code === code && r.recordId === recordId)?.outcome;
  }

  it("reports every item for every record, and batch items once", () => {
    const record = results.filter((r) => r.recordId === "v1").map((r) => r.code);
    const batchLevel = results.filter((r) => r.recordId === null).map((r) => r.code);
    expect(new Set([...record, ...batchLevel]).size).toBe(45);
    expect(record).toHaveLength(DEFAULT_CHECK_REGISTRY.filter((c) => c.scope === "record").length);
    expect(batchLevel).toContain("2-1");
  });

  it("passes a clean batch without a single failure", () => {
    expect(results.filter((r) => r.outcome === "fail")).toEqual([]);
    expect(outcome("1-1")).toBe("pass");
    expect(outcome("2-6", null)).toBe("pass");
  });

  it("lists items outside the filing stage and carrier items as not applicable", () => {
    expect(results.find((r) => r.code === "1-9")).toMatchObject({ outcome: "not_applicable", detail: { code: "archive.check.not_in_stage", params: { stage: "GD" } } });
    expect(results.find((r) => r.code === "4-6")).toMatchObject({ outcome: "not_applicable", detail: { code: "archive.check.no_offline_carrier" } });
    expect(outcome("1-12", null)).toBe("not_applicable");
  });

  it("keeps manual items not performed until a person records them", () => {
    expect(outcome("2-7")).toBe("not_performed");
    expect(outcome("4-7", null)).toBe("not_performed");
    const recorded = runChecks(DEFAULT_CHECK_REGISTRY, { ...batch, manualResults: [{ code: "2-7", recordId: "v1", outcome: "pass", by: "档案员甲", at: "2025-01-20T08:00:00Z" }] }, options());
    expect(recorded.find((r) => r.code === "2-7" && r.recordId === "v1")).toMatchObject({
      outcome: "pass",
      detail: { code: "archive.check.manual_recorded", params: { by: "档案员甲", at: "2025-01-20T08:00:00Z" } },
    });
    expect(recorded.find((r) => r.code === "2-7" && r.recordId === "v2")?.outcome).toBe("not_performed");
  });

  it("reports switched-off items as not performed, never passed", () => {
    const off = runChecks(DEFAULT_CHECK_REGISTRY, batch, options({ disabled: ["1-8", "2-1"] }));
    expect(off.filter((r) => r.code === "1-8").map((r) => r.outcome)).toEqual(["not_performed", "not_performed"]);
    expect(off.find((r) => r.code === "2-1")).toMatchObject({ outcome: "not_performed", detail: { code: "archive.check.disabled" } });
  });

  it("runs the items of another stage", () => {
    const bc = runChecks(DEFAULT_CHECK_REGISTRY, batch, options({ stage: "BC" }));
    expect(bc.find((r) => r.code === "2-9")?.outcome).toBe("not_applicable");
    expect(bc.find((r) => r.code === "3-9")?.outcome).toBe("not_performed");
    expect(bc.find((r) => r.code === "1-1")?.outcome).toBe("pass");
  });
});

describe("summariseResults", () => {
  it("passes records and properties without failures and lists warnings", () => {
    const poster = voucherRecord(2);
    const noPoster = { ...poster, voucher: { ...poster.voucher!, poster: undefined } };
    const summary = summariseResults(runChecks(DEFAULT_CHECK_REGISTRY, context([voucherRecord(1), noPoster]), options()));
    expect(summary.passed).toBe(true);
    expect(summary.records.v2).toEqual({ passed: true, failed: [], warnings: ["2-5"] });
    expect(summary.warnings.map((w) => [w.code, w.recordId])).toEqual([["2-5", "v2"]]);
    expect(summary.byProperty.completeness.passed).toBe(true);
    expect(summary.notPerformed).toEqual(["2-7", "3-4", "3-6", "4-7"]);
  });

  it("fails a record with a failed item, and every record when a batch item fails", () => {
    // Kept for 10 years, shorter than the schedule's 30 (2-9), under a code that says 5 (1-7).
    const bad = { ...voucherRecord(2), retention: "Y10", archivalCode: "Z001-KU·PZ·2024·D5-0001-0002" };
    const ctx = context([voucherRecord(1), bad]);
    const summary = summariseResults(runChecks(DEFAULT_CHECK_REGISTRY, { ...ctx, batch: { ...ctx.batch, declared: { itemCount: 2, totalBytes: 4096 } } }, options()));
    expect(summary.passed).toBe(false);
    expect(summary.records.v1?.passed).toBe(true);
    expect(summary.records.v2).toEqual({ passed: false, failed: ["1-7", "2-9"], warnings: [] });
    expect(summary.byProperty.authenticity).toMatchObject({ passed: false, fail: 1 });
    expect(summary.byProperty.security.passed).toBe(true);

    const wrongCount = summariseResults(runChecks(DEFAULT_CHECK_REGISTRY, { ...ctx, batch: { ...ctx.batch, declared: { itemCount: 3 } } }, options()));
    expect(wrongCount.records.v1).toMatchObject({ passed: false, failed: ["2-1"] });
  });

  it("counts outcomes per property", () => {
    const results: CheckResult[] = [
      { code: "1-1", property: "authenticity", recordId: "a", outcome: "pass", detail: { code: "archive.check.digest_ok_no_signature" } },
      { code: "1-2", property: "authenticity", recordId: "a", outcome: "warning", detail: { code: "archive.check.lengths_ok" } },
      { code: "4-4", property: "security", recordId: null, outcome: "not_applicable", detail: { code: "archive.check.no_offline_carrier" } },
    ];
    const summary = summariseResults(results);
    expect(summary.byProperty.authenticity).toEqual({ pass: 1, fail: 0, warning: 1, not_applicable: 0, not_performed: 0, passed: true });
    expect(summary.byProperty.security.not_applicable).toBe(1);
  });
});
