import { afterAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { archivalCodeRules, auditEvents, fonds, fondsRetentionOverrides, records } from "@/db/schema";
import { makeArchiveFonds, makeRecord, makeVoucher, tempStore, noAntivirus } from "@/db/test/archive-factories";
import { contextFor } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { submitFiling } from "@/lib/filing/submit-filing";
import { getFilingRules } from "./get-filing-rules";
import { setRetentionOverride } from "./set-retention-override";
import { updateCodeRule } from "./update-code-rule";
import { updateFondsFilingSettings } from "./update-fonds-filing-settings";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

const auditCount = async (db: ReturnType<typeof testDb>["db"], fondsId: string, action: string) =>
  (await db.select().from(auditEvents).where(and(eq(auditEvents.fondsId, fondsId), eq(auditEvents.action, action)))).length;

describe("archival code rules", () => {
  it("saves a valid template with an example, and refuses invalid ones without storing them", async () => {
    const { db } = testDb();
    const { fonds: f, archivist, approver } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    expect(await updateCodeRule(ctx, { fondsId: f.id, category: "voucher", template: "{fonds}-KU·{class}·{year}·{month}-{item:5}" })).toEqual({
      ok: true,
      value: { template: "{fonds}-KU·{class}·{year}·{month}-{item:5}", example: "Z001-KU·PZ·2023·03-00037" },
    });
    for (const [template, code] of [
      ["{fonds}-{class}-{volume}-{item}", "archive.code.missing_sequence_token"],
      ["{voucherWord}{fonds}-{year}-{item}", "archive.code.ambiguous_tokens"],
      ["{fonds}-{year}-{nonsense}-{item}", "archive.code.unknown_token"],
      ["{fonds}/{year}/{volume}", "archive.code.missing_item"],
      ["{fonds}年{year}-{item}", "archive.code.invalid_literal"],
    ] as const) {
      expect(await updateCodeRule(ctx, { fondsId: f.id, category: "ledger", template })).toMatchObject({ ok: false, error: { code } });
    }
    expect(await updateCodeRule(contextFor(db, approver.actor), { fondsId: f.id, category: "ledger", template: "{fonds}-{year}-{item}" })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    const [ledger] = await db.select().from(archivalCodeRules).where(and(eq(archivalCodeRules.fondsId, f.id), eq(archivalCodeRules.category, "ledger")));
    expect(ledger!.template).toBe("{fonds}-KU·{class}·{year}·{retention}-{volume:4}-{item:4}");
    expect(await auditCount(db, f.id, "rules.code_rule_updated")).toBe(1);
    const view = await getFilingRules(ctx, { fondsId: f.id });
    expect(view.ok && view.value.codeRules.find((r) => r.category === "voucher")?.example).toBe("Z001-KU·PZ·2023·03-00037");
  });
});

describe("retention overrides and filing settings", () => {
  it("lengthens a legal term, never shortens it, and can return to the schedule", async () => {
    const { db } = testDb();
    const { fonds: f, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    expect(await setRetentionOverride(ctx, { fondsId: f.id, materialType: "bank_statement", retention: "Y30" })).toEqual({ ok: true, value: { materialType: "bank_statement", retention: "Y30" } });
    expect(await setRetentionOverride(ctx, { fondsId: f.id, materialType: "voucher", retention: "Y10" })).toMatchObject({ ok: false, error: { code: "archive.retention.shorter_than_legal_minimum", params: { minimum: "Y30" } } });
    expect(await setRetentionOverride(ctx, { fondsId: f.id, materialType: "fixed_asset_card", retention: "Y30" })).toMatchObject({ ok: false, error: { code: "archive.retention.incomparable_terms" } });
    expect(await setRetentionOverride(ctx, { fondsId: f.id, materialType: "budget", retention: "Y30" })).toMatchObject({ ok: false, error: { code: "archive.retention.unknown_material_type" } });
    expect(await setRetentionOverride(ctx, { fondsId: f.id, materialType: "voucher", retention: "Y99" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    const stored = await db.select().from(fondsRetentionOverrides).where(eq(fondsRetentionOverrides.fondsId, f.id));
    expect(stored.map((o) => [o.materialType, o.retention])).toEqual([["bank_statement", "Y30"]]);
    expect(await setRetentionOverride(ctx, { fondsId: f.id, materialType: "bank_statement", retention: null })).toMatchObject({ ok: true });
    expect(await db.select().from(fondsRetentionOverrides).where(eq(fondsRetentionOverrides.fondsId, f.id))).toEqual([]);
    expect(await auditCount(db, f.id, "rules.retention_override_set")).toBe(2);
  });

  it("stores a volume size and check settings only when they validate", async () => {
    const { db } = testDb();
    const { fonds: f, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    expect(await updateFondsFilingSettings(ctx, { fondsId: f.id, volumeSize: 0 })).toMatchObject({ ok: false, error: { fields: { volumeSize: "validation.too_small" } } });
    expect(await updateFondsFilingSettings(ctx, { fondsId: f.id, checks: { disabled: ["9-9"] } })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { "checks.disabled.0": "validation.invalid_format" } } });
    expect(await updateFondsFilingSettings(ctx, { fondsId: f.id, volumeSize: 30, checks: { attachmentShortfallOutcome: "fail" } })).toEqual({ ok: true, value: { volumeSize: 30, checks: { attachmentShortfallOutcome: "fail" }, ownRequestsDecidable: false } });
    const [row] = await db.select({ settings: fonds.settings }).from(fonds).where(eq(fonds.id, f.id));
    expect(row!.settings).toEqual({ volumeSize: 30, checks: { attachmentShortfallOutcome: "fail" } });
    expect(await auditCount(db, f.id, "rules.filing_settings_updated")).toBe(1);
  });

  it("changes the check settings it is given and keeps the others; an item DA/T 70 does not have is refused", async () => {
    const { db } = testDb();
    const { fonds: f, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    const metadata = { voucher: ["title"], ledger: [], report: [], other: [] };
    expect(await updateFondsFilingSettings(ctx, { fondsId: f.id, checks: { requiredMetadata: metadata, attachmentShortfallOutcome: "fail" } })).toMatchObject({ ok: true });
    // The settings form edits some of the settings: what it does not show must survive its save.
    expect(await updateFondsFilingSettings(ctx, { fondsId: f.id, checks: { attachmentShortfallOutcome: "pass", disabled: ["3-2"] } })).toMatchObject({ ok: true });
    const [row] = await db.select({ settings: fonds.settings }).from(fonds).where(eq(fonds.id, f.id));
    expect(row!.settings.checks).toEqual({ requiredMetadata: metadata, attachmentShortfallOutcome: "pass", disabled: ["3-2"] });
    expect(await updateFondsFilingSettings(ctx, { fondsId: f.id, checks: { disabled: ["1-46"] } })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { "checks.disabled.0": "validation.invalid_value" } } });
    expect(await auditCount(db, f.id, "rules.filing_settings_updated")).toBe(2);
  });
});

describe("retention at filing (79号令 Art. 15)", () => {
  it("counts from 1 January after the fiscal year, keeps cards 5 years after disposal, and applies the fonds' longer term", async () => {
    const { db } = testDb();
    const { fonds: f, archivist, approver } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    await setRetentionOverride(ctx, { fondsId: f.id, materialType: "general_ledger", retention: "permanent" });
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const ledgerMeta = (kind: string) => ({ ledgerKind: kind, preparer: "张三", reviewer: "李四" });
    const card = await makeRecord(db, { fondsId: f.id, category: "ledger", materialType: "fixed_asset_card", fiscalYear: 2023, retention: "after_disposal_5y", disposalDate: "2024-02-29", metadata: ledgerMeta("fixed_asset_card") });
    const cardInUse = await makeRecord(db, { fondsId: f.id, category: "ledger", materialType: "fixed_asset_card", fiscalYear: 2023, retention: "after_disposal_5y", metadata: ledgerMeta("fixed_asset_card") });
    const general = await makeRecord(db, { fondsId: f.id, category: "ledger", materialType: "general_ledger", fiscalYear: 2023, metadata: ledgerMeta("general_ledger") });
    const annual = await makeRecord(db, { fondsId: f.id, category: "report", materialType: "report_annual", fiscalYear: 2023, periodKind: "year", retention: "permanent", metadata: { periodKind: "year", period: null, preparer: "张三", reviewer: "李四" } });
    const monthly = await makeRecord(db, { fondsId: f.id, category: "report", materialType: "report_periodic", fiscalYear: 2023, periodKind: "month", period: 12, retention: "Y10", metadata: { periodKind: "month", period: 12, preparer: "张三", reviewer: "李四" } });
    const december = await makeVoucher(db, { fondsId: f.id, fiscalYear: 2023, period: 12, no: 1 });
    const filed = await submitFiling(ctx, { fondsId: f.id, fiscalYear: 2023 }, {}, { store: s.store, antivirus: noAntivirus });
    if (!filed.ok) throw new Error(JSON.stringify(filed.error));
    expect(filed.value.heldBack).toEqual([]);
    const approved = await decideApproval(contextFor(db, approver.actor), { approvalId: filed.value.approvalId, decision: "approve", source: "ui" });
    expect(approved.ok).toBe(true);
    const rows = await db.select({ id: records.id, retention: records.retention, expires: records.retentionExpiresOn, code: records.archivalCode }).from(records).where(eq(records.fondsId, f.id));
    const by = (id: string) => rows.find((r) => r.id === id)!;
    expect(by(december)).toMatchObject({ retention: "Y30", expires: "2053-12-31" });
    expect(by(monthly)).toMatchObject({ retention: "Y10", expires: "2033-12-31" });
    expect(by(annual)).toMatchObject({ retention: "permanent", expires: null });
    expect(by(card)).toMatchObject({ retention: "after_disposal_5y", expires: "2029-02-28" });
    expect(by(cardInUse)).toMatchObject({ retention: "after_disposal_5y", expires: null });
    expect(by(general)).toMatchObject({ retention: "permanent", expires: null, code: `${f.code}-KU·ZB·2023·Y-0001-0001` });
    expect(by(card).code).toBe(`${f.code}-KU·ZB·2023·D5-0002-0001`);
  });
});
