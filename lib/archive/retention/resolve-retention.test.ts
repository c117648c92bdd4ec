import { describe, expect, it } from "vitest";
import { resolveRetention, validateOverride } from "./resolve-retention";
import { ENTERPRISE_SCHEDULE, PUBLIC_SECTOR_SCHEDULE, RETENTIONS, type RetentionSchedule } from "./schedules";

describe("schedules", () => {
  it("lists the 16 items of DA/T 94 Table B.1 with their legal terms", () => {
    expect(ENTERPRISE_SCHEDULE.items).toHaveLength(16);
    expect(ENTERPRISE_SCHEDULE.items.map((i) => i.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const terms = Object.fromEntries(ENTERPRISE_SCHEDULE.items.map((i) => [i.materialType, i.retention]));
    expect(terms).toEqual({
      source_document: "Y30",
      voucher: "Y30",
      general_ledger: "Y30",
      subsidiary_ledger: "Y30",
      journal: "Y30",
      fixed_asset_card: "after_disposal_5y",
      other_ledger: "Y30",
      report_periodic: "Y10",
      report_annual: "permanent",
      bank_reconciliation: "Y10",
      bank_statement: "Y10",
      tax_return: "Y10",
      transfer_list: "Y30",
      custody_list: "permanent",
      destruction_list: "permanent",
      appraisal_opinion: "permanent",
    });
  });

  it.each([ENTERPRISE_SCHEDULE, PUBLIC_SECTOR_SCHEDULE])("$id has unique material types, valid terms and fallbacks", (schedule) => {
    const types = schedule.items.map((i) => i.materialType);
    expect(new Set(types).size).toBe(types.length);
    for (const item of schedule.items) expect(RETENTIONS).toContain(item.retention);
    for (const [category, type] of Object.entries(schedule.fallbackMaterialType)) {
      expect(schedule.items.find((i) => i.materialType === type)?.category).toBe(category);
    }
  });

  it("keeps public-sector final accounts permanently and copies from subordinates two years", () => {
    const find = (t: string) => PUBLIC_SECTOR_SCHEDULE.items.find((i) => i.materialType === t)?.retention;
    expect(find("government_financial_report")).toBe("permanent");
    expect(find("department_final_accounts")).toBe("permanent");
    expect(find("report_subordinate_copy")).toBe("Y2");
    expect(find("treasury_report_voucher")).toBe("Y10");
    expect(find("voucher")).toBe("Y30");
  });
});

describe("validateOverride", () => {
  it("accepts a longer term", () => {
    expect(validateOverride(ENTERPRISE_SCHEDULE, "bank_statement", "Y30")).toEqual({ ok: true, value: "Y30" });
    expect(validateOverride(ENTERPRISE_SCHEDULE, "voucher", "permanent")).toEqual({ ok: true, value: "permanent" });
    expect(validateOverride(ENTERPRISE_SCHEDULE, "fixed_asset_card", "permanent")).toEqual({ ok: true, value: "permanent" });
  });

  it("refuses a term shorter than the legal minimum", () => {
    expect(validateOverride(ENTERPRISE_SCHEDULE, "voucher", "Y10")).toEqual({
      ok: false,
      error: { code: "archive.retention.shorter_than_legal_minimum", params: { materialType: "voucher", retention: "Y10", minimum: "Y30" } },
    });
    const annual = validateOverride(ENTERPRISE_SCHEDULE, "report_annual", "Y30");
    expect(!annual.ok && annual.error.code).toBe("archive.retention.shorter_than_legal_minimum");
  });

  it("refuses to swap a disposal-bound term for a fixed one and back", () => {
    const card = validateOverride(ENTERPRISE_SCHEDULE, "fixed_asset_card", "Y30");
    expect(!card.ok && card.error.code).toBe("archive.retention.incomparable_terms");
    const ledger = validateOverride(ENTERPRISE_SCHEDULE, "general_ledger", "after_disposal_5y");
    expect(!ledger.ok && ledger.error.code).toBe("archive.retention.incomparable_terms");
  });

  it("refuses unlisted material types", () => {
    const r = validateOverride(ENTERPRISE_SCHEDULE, "budget", "Y30");
    expect(!r.ok && r.error.code).toBe("archive.retention.unknown_material_type");
  });
});

describe("resolveRetention", () => {
  it("takes the schedule term, or a valid fonds override", () => {
    const plain = resolveRetention(ENTERPRISE_SCHEDULE, {}, "tax_return");
    expect(plain.ok && [plain.value.retention, plain.value.source]).toEqual(["Y10", "schedule"]);
    const longer = resolveRetention(ENTERPRISE_SCHEDULE, { retentions: { tax_return: "Y30" } }, "tax_return");
    expect(longer.ok && [longer.value.retention, longer.value.source]).toEqual(["Y30", "override"]);
  });

  it("never lets a stored override shorten the legal minimum", () => {
    const r = resolveRetention(ENTERPRISE_SCHEDULE, { retentions: { voucher: "Y10" } }, "voucher");
    expect(!r.ok && r.error.code).toBe("archive.retention.shorter_than_legal_minimum");
  });

  it("maps unlisted material to its category's most similar item", () => {
    const r = resolveRetention(ENTERPRISE_SCHEDULE, {}, "management_report", "report");
    expect(r.ok && [r.value.retention, r.value.item.materialType, r.value.source]).toEqual(["Y10", "report_periodic", "fallback"]);
    const chosen = resolveRetention(ENTERPRISE_SCHEDULE, { fallbackMaterialType: { report: "report_annual" } }, "management_report", "report");
    expect(chosen.ok && chosen.value.retention).toBe("permanent");
    const lengthened = resolveRetention(ENTERPRISE_SCHEDULE, { retentions: { other_ledger: "permanent" } }, "asset_register", "ledger");
    expect(lengthened.ok && [lengthened.value.retention, lengthened.value.source]).toEqual(["permanent", "fallback"]);
  });

  it("fails for unlisted material without a category or with a broken fallback", () => {
    const none = resolveRetention(ENTERPRISE_SCHEDULE, {}, "management_report");
    expect(!none.ok && none.error.code).toBe("archive.retention.unknown_material_type");
    const broken: RetentionSchedule = { ...ENTERPRISE_SCHEDULE, fallbackMaterialType: { ...ENTERPRISE_SCHEDULE.fallbackMaterialType, other: "nope" } };
    const r = resolveRetention(broken, {}, "memo", "other");
    expect(!r.ok && r.error.code).toBe("archive.retention.unknown_fallback");
  });
});
