import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { checkResults } from "@/db/schema";
import { makeArchiveFonds, makeMonth, makeVoucher, tempStore, noAntivirus } from "@/db/test/archive-factories";
import { contextFor, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { proposeVolumes } from "@/lib/filing/propose-volumes";
import { runFilingChecks } from "@/lib/filing/run-filing-checks";
import { HELD_BACK_SHOWN } from "@/lib/filing/held-back-preview";
import { SHOWN_PER_ITEM, getCheckReport } from "./get-check-report";
import { getFilingPeriod } from "./get-filing-period";
import { nextPeriodToFile } from "./next-period-to-file";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

async function deps() {
  const s = await tempStore();
  cleanups.push(s.cleanup);
  return { store: s.store, antivirus: noAntivirus };
}

describe("the filing workbench's period view", () => {
  it("lists the month's vouchers, its volumes in binding order with their records, and its check runs", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ids = await makeMonth(db, fonds.id, { 收: 2, 记: 3 }, 2023, 7);
    await makeVoucher(db, { fondsId: fonds.id, fiscalYear: 2023, period: 8, no: 1 });
    const ctx = contextFor(db, archivist.actor);
    expect((await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2023, period: 7 })).ok).toBe(true);
    const run = await runFilingChecks(ctx, { fondsId: fonds.id, fiscalYear: 2023, period: 7 }, await deps());
    if (!run.ok) throw new Error(run.error.code);

    const view = await getFilingPeriod(ctx, { fondsId: fonds.id, fiscalYear: "2023", period: "7" });
    if (!view.ok) throw new Error(view.error.code);
    expect(view.value.records.map((r) => `${r.voucherWord}-${r.voucherNo}`)).toEqual(["记-1", "记-2", "记-3", "收-1", "收-2"]);
    expect(view.value.records.every((r) => r.amount === "1200.50")).toBe(true);
    // 记 is bound before 收 (the assembler's word order), not in character order.
    expect(view.value.volumes.map((v) => v.title)).toEqual(["2023年7月 记字 第1-3号", "2023年7月 收字 第1-2号"]);
    expect(view.value.volumes[0]!.recordIds).toEqual(ids["记"]);
    expect(view.value.checkRuns.map((r) => r.id)).toEqual([run.value.runId]);
    expect(view.value.filings).toEqual([]);
  });

  it("lists the runs that covered the month's records: a run over volumes of two months in both, a year's in each of its months, another month's in neither", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const ctx = contextFor(db, archivist.actor);
    await makeMonth(db, fonds.id, { 记: 2 }, 2023, 7);
    await makeMonth(db, fonds.id, { 记: 2 }, 2023, 8);
    await makeMonth(db, fonds.id, { 记: 1 }, 2023, 9);
    const volumeIds: string[] = [];
    for (const period of [7, 8]) {
      const proposed = await proposeVolumes(ctx, { fondsId: fonds.id, fiscalYear: 2023, period });
      if (!proposed.ok) throw new Error(proposed.error.code);
      volumeIds.push(...proposed.value.volumes.map((v) => v.id));
    }
    const run = async (scope: object) => {
      const r = await runFilingChecks(ctx, scope, await deps());
      if (!r.ok) throw new Error(r.error.code);
      return r.value.runId;
    };
    const september = await run({ fondsId: fonds.id, fiscalYear: 2023, period: 9 });
    const volumesRun = await run({ volumeIds });
    const year = await run({ fondsId: fonds.id, fiscalYear: 2023 });
    const runsOf = async (period: number) => {
      const view = await getFilingPeriod(ctx, { fondsId: fonds.id, fiscalYear: 2023, period });
      if (!view.ok) throw new Error(view.error.code);
      return view.value.checkRuns.map((r) => r.id);
    };
    expect(await runsOf(7)).toEqual([year, volumesRun]);
    expect(await runsOf(8)).toEqual([year, volumesRun]);
    expect(await runsOf(9)).toEqual([year, september]);

    // Runs stored before their months were kept get them from migration 0031, from the records their results name.
    const { sql } = testDb();
    await sql`update check_runs set periods = '{}' where fonds_id = ${fonds.id}`;
    const migration = await readFile(path.resolve(import.meta.dirname, "../../../drizzle/0031_check_run_periods.sql"), "utf8");
    await sql.unsafe(migration.split("--> statement-breakpoint")[1]!);
    expect(await runsOf(8)).toEqual([year, volumesRun]);
    expect(await runsOf(9)).toEqual([year, september]);
  });

  it("refuses a user without filing rights in the fonds and names a bad period", async () => {
    const { db } = testDb();
    const { fonds, approver } = await makeArchiveFonds(db);
    expect(await getFilingPeriod(contextFor(db, approver.actor), { fondsId: fonds.id, fiscalYear: 2023, period: 7 })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    const { archivist } = await makeArchiveFonds(db);
    expect(await getFilingPeriod(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2023, period: 7 })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await getFilingPeriod(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2023, period: 13 })).toMatchObject({
      ok: false,
      error: { code: "validation.invalid_input", fields: { period: "validation.too_big" } },
    });
  });

  it("opens on the oldest month that still has collected records", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    expect(await nextPeriodToFile(contextFor(db, archivist.actor), fonds.id)).toBeNull();
    await makeVoucher(db, { fondsId: fonds.id, fiscalYear: 2024, period: 2, no: 1 });
    await makeVoucher(db, { fondsId: fonds.id, fiscalYear: 2023, period: 11, no: 1 });
    expect(await nextPeriodToFile(contextFor(db, archivist.actor), fonds.id)).toEqual({ fiscalYear: 2023, period: 11 });
    expect(await nextPeriodToFile(contextFor(db, approver.actor), fonds.id)).toBeNull();
  });
});

describe("the check report", () => {
  it("lists all 45 DA/T 70 items by property with counts per item and per record", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    await makeMonth(db, fonds.id, { 记: 2 }, 2023, 5);
    // No preparer: 2-4 (required values) fails for this record only.
    const broken = await makeVoucher(db, { fondsId: fonds.id, fiscalYear: 2023, period: 5, no: 3, preparer: null, metadata: { preparer: null } });
    const run = await runFilingChecks(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2023, period: 5 }, await deps());
    if (!run.ok) throw new Error(run.error.code);

    const report = await getCheckReport(contextFor(db, approver.actor), { runId: run.value.runId });
    if (!report.ok) throw new Error(report.error.code);
    const r = report.value;
    expect(r.properties.map((p) => [p.property, p.items.length])).toEqual([
      ["authenticity", 16],
      ["completeness", 11],
      ["usability", 9],
      ["security", 9],
    ]);
    const required = r.properties[1]!.items.find((i) => i.code === "2-4")!;
    expect(required.outcome).toBe("fail");
    expect(required.counts.fail).toBe(1);
    expect(required.counts.pass).toBe(2);
    expect(required.shown.find((x) => x.outcome === "fail")?.recordId).toBe(broken);
    expect(r.recordCount).toBe(3);
    expect(r.page.records).toHaveLength(3);
    expect(r.page.records.find((x) => x.id === broken)?.outcome).toBe("fail");
    expect(r.run.createdBy).toBe(archivist.actor.displayName);
    expect(r.totals.fail).toBeGreaterThanOrEqual(1);
  });

  it("counts every record in PostgreSQL but reads one page of records and a few examples per item", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    await makeMonth(db, fonds.id, { 记: 100 }, 2023, 6);
    const broken: string[] = [];
    for (let no = 101; no <= 107; no++) broken.push(await makeVoucher(db, { fondsId: fonds.id, fiscalYear: 2023, period: 6, no, preparer: null, metadata: { preparer: null } }));
    const ctx = contextFor(db, archivist.actor);
    const run = await runFilingChecks(ctx, { fondsId: fonds.id, fiscalYear: 2023, period: 6 }, await deps());
    if (!run.ok) throw new Error(run.error.code);
    const report = async (input: Record<string, unknown>) => {
      const result = await getCheckReport(ctx, { runId: run.value.runId, ...input });
      if (!result.ok) throw new Error(result.error.code);
      return result.value;
    };

    const first = await report({});
    expect(first.recordCount).toBe(107);
    expect(first.page).toMatchObject({ page: 1, pages: 2, from: 0, to: 100 });
    // In voucher order: 记-2 after 记-1, 记-10 after 记-9.
    expect(first.page.records.map((x) => x.voucherNo)).toEqual(Array.from({ length: 100 }, (_, i) => String(i + 1)));
    const required = first.properties[1]!.items.find((i) => i.code === "2-4")!;
    expect(required.counts).toMatchObject({ fail: 7, pass: 100 });
    // Five of the seven are named; each links to a label although their records are on page 2.
    const named = required.shown.filter((x) => x.outcome === "fail").map((x) => x.recordId);
    expect(named).toEqual(broken.slice(0, 5));
    for (const id of named) expect(first.named.some((x) => x.id === id)).toBe(true);
    // One explanation for every record (these vouchers share their total) is sent once; two or more are not sent.
    const balanced = first.properties[0]!.items.find((i) => i.code === "1-5")!;
    expect(balanced).toMatchObject({ uniform: true, counts: { pass: 107 } });
    expect(balanced.shown).toHaveLength(1);
    expect(required.uniform).toBe(false);
    expect(required.shown.filter((x) => x.outcome === "pass")).toEqual([]);

    const second = await report({ page: 2 });
    expect(second.page).toMatchObject({ page: 2, from: 100, to: 107 });
    expect(second.page.records.map((x) => x.id)).toEqual(broken);
    expect(second.page.records.every((x) => x.outcome === "fail")).toBe(true);
    // A page past the end or not a number lands on a page of the list.
    expect((await report({ page: 99 })).page.page).toBe(2);
    expect((await report({ page: "x" })).page.page).toBe(1);

    const focused = await report({ record: broken[6] });
    expect(focused.focus?.record.id).toBe(broken[6]);
    const own = focused.focus!.properties[1]!.items.find((i) => i.code === "2-4")!;
    expect(own.counts).toMatchObject({ fail: 1, pass: 0 });
    expect(own.shown.map((x) => x.recordId)).toEqual([broken[6]]);
    expect((await report({ record: "00000000-0000-4000-8000-000000000000" })).focus).toBeNull();

    const held = (await report({ heldBack: true })).heldBack!;
    expect(held).toMatchObject({ collected: 107, failedCount: 7, count: 7 });
    expect(held.failed.map((f) => f.record.id)).toEqual(broken);
  });

  it("names each item's first results that did not pass, and the records held back, from the run asked for", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    // Odd vouchers lack a preparer (2-4 fails); even ones declare attachments none of which is linked (a warning).
    const odd: string[] = [];
    for (let no = 1; no <= 8; no++) {
      const id = await makeVoucher(db, { fondsId: fonds.id, fiscalYear: 2023, period: 9, no, ...(no % 2 ? { preparer: null, metadata: { preparer: null } } : { attachmentCount: 2 }) });
      if (no % 2) odd.push(id);
    }
    const ctx = contextFor(db, archivist.actor);
    const runIds: string[] = [];
    // Two runs over the same records: the second's report must not name the first's (older) results.
    for (let i = 0; i < 2; i++) {
      const run = await runFilingChecks(ctx, { fondsId: fonds.id, fiscalYear: 2023, period: 9 }, await deps());
      if (!run.ok) throw new Error(run.error.code);
      runIds.push(run.value.runId);
    }
    const runId = runIds[1]!;
    const report = await getCheckReport(ctx, { runId, heldBack: true });
    if (!report.ok) throw new Error(report.error.code);
    const items = report.value.properties.flatMap((p) => p.items);
    const notPassed = ["fail", "warning", "not_performed"] as const;
    const firstNotPassed = await db
      .select({ id: checkResults.id, code: checkResults.code })
      .from(checkResults)
      .where(and(eq(checkResults.runId, runId), isNotNull(checkResults.recordId), inArray(checkResults.outcome, [...notPassed])))
      .orderBy(asc(checkResults.id));
    const own = new Set((await db.select({ id: checkResults.id }).from(checkResults).where(eq(checkResults.runId, runId))).map((r) => r.id));
    expect(items.find((i) => i.code === "2-4")!.counts).toMatchObject({ fail: 4, pass: 4 });
    expect(items.some((i) => i.counts.warning > 0)).toBe(true);
    expect(items.some((i) => i.counts.not_performed > SHOWN_PER_ITEM)).toBe(true);
    for (const item of items) {
      expect(item.shown.every((x) => own.has(x.id))).toBe(true);
      const named = item.shown.filter((x) => x.recordId && (notPassed as readonly string[]).includes(x.outcome)).map((x) => x.id);
      expect(named, item.code).toEqual(firstNotPassed.filter((r) => r.code === item.code).slice(0, SHOWN_PER_ITEM).map((r) => r.id));
    }
    const held = report.value.heldBack!;
    expect(held).toMatchObject({ collected: 8, failedCount: 4, count: 4 });
    expect(held.failed.map((f) => f.record.id)).toEqual(odd);
    expect(held.failed[0]!.record.counts.fail).toBeGreaterThan(0);
  });

  it("lists the first hundred records submission would hold back and counts the rest", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    for (let no = 1; no <= HELD_BACK_SHOWN + 1; no++) await makeVoucher(db, { fondsId: fonds.id, fiscalYear: 2023, period: 8, no, preparer: null, metadata: { preparer: null } });
    const ctx = contextFor(db, archivist.actor);
    const run = await runFilingChecks(ctx, { fondsId: fonds.id, fiscalYear: 2023, period: 8 }, await deps());
    if (!run.ok) throw new Error(run.error.code);
    const report = await getCheckReport(ctx, { runId: run.value.runId, heldBack: true });
    if (!report.ok) throw new Error(report.error.code);
    const held = report.value.heldBack!;
    expect(held).toMatchObject({ collected: HELD_BACK_SHOWN + 1, failedCount: HELD_BACK_SHOWN + 1, count: HELD_BACK_SHOWN + 1 });
    expect(held.failed).toHaveLength(HELD_BACK_SHOWN);
    expect(held.failed.at(-1)?.record.voucherNo).toBe(String(HELD_BACK_SHOWN));
    expect(held.failed.every((f) => f.reasons.some((r) => r.params.item === "2-4"))).toBe(true);
  });

  it("is not found for readers of another fonds, and for a malformed id", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    await makeMonth(db, fonds.id, { 记: 1 }, 2023, 4);
    const run = await runFilingChecks(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2023, period: 4 }, await deps());
    if (!run.ok) throw new Error(run.error.code);
    const stranger = await makeUser(db, [{ role: "auditor", fondsId: (await makeArchiveFonds(db)).fonds.id }]);
    expect(await getCheckReport(contextFor(db, stranger.actor), { runId: run.value.runId })).toMatchObject({ ok: false, error: { code: "filing-ui.check_run_not_found" } });
    expect(await getCheckReport(contextFor(db, archivist.actor), { runId: "run-1" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
  });
});
