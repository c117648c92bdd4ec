import { afterAll, describe, expect, it } from "vitest";
import { makeArchiveFonds, makeMonth, makeVoucher, tempStore, noAntivirus } from "@/db/test/archive-factories";
import { contextFor, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { submitFiling } from "@/lib/filing/submit-filing";
import { HELD_BACK_LISTED, getFilingSubject } from "./get-filing-subject";
import { listFilingTotals } from "./list-filing-totals";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

async function deps() {
  const s = await tempStore();
  cleanups.push(s.cleanup);
  return { store: s.store, antivirus: noAntivirus };
}

async function submittedMonth() {
  const { db } = testDb();
  const made = await makeArchiveFonds(db);
  await makeMonth(db, made.fonds.id, { 记: 2 }, 2022, 9);
  await makeVoucher(db, { fondsId: made.fonds.id, fiscalYear: 2022, period: 9, word: "记", no: 3, amount: "0.10" });
  // A voucher without its preparer fails 2-4 and is held back with that reason.
  const held = await makeVoucher(db, { fondsId: made.fonds.id, fiscalYear: 2022, period: 9, word: "收", no: 1, preparer: null, metadata: { preparer: null } });
  const filing = await submitFiling(contextFor(db, made.archivist.actor), { fondsId: made.fonds.id, fiscalYear: 2022, period: 9 }, {}, await deps());
  if (!filing.ok) throw new Error(filing.error.code);
  return { db, ...made, filing: filing.value, held };
}

describe("what an approver approves", () => {
  it("lists the included vouchers with an exact total and the held-back ones with their reasons", async () => {
    const { db, approver, filing, held } = await submittedMonth();
    const subject = await getFilingSubject(contextFor(db, approver.actor), { filingId: filing.id });
    if (!subject.ok) throw new Error(subject.error.code);
    expect(subject.value.records.map((r) => `${r.voucherWord}-${r.voucherNo}`)).toEqual(["记-1", "记-2", "记-3"]);
    // 1200.50 + 1200.50 + 0.10, summed as decimals: a float sum would not be exact.
    expect(subject.value.total).toBe("2401.10");
    expect(subject.value.records.map((r) => r.amount)).toEqual(["1200.50", "1200.50", "0.10"]);
    expect(subject.value).toMatchObject({ recordCount: 3, heldBackCount: 1, page: { page: 1, pages: 1, from: 0, to: 3 } });
    expect(subject.value.heldBack.map((r) => r.id)).toEqual([held]);
    expect(subject.value.heldBack[0]!.reasons.map((r) => r.params?.item)).toContain("2-4");
    expect(subject.value.filing.checkRunId).toBe(filing.checks?.runId);
  });

  it("lists the vouchers in binding order, 记 before 收 before 付, not by the words' code points", async () => {
    const { db } = testDb();
    const made = await makeArchiveFonds(db);
    // 调 is a source's own word: after the known ones.
    await makeMonth(db, made.fonds.id, { 调: 1, 付: 1, 收: 1, 记: 2 }, 2022, 10);
    const filing = await submitFiling(contextFor(db, made.archivist.actor), { fondsId: made.fonds.id, fiscalYear: 2022, period: 10 }, {}, await deps());
    if (!filing.ok) throw new Error(filing.error.code);
    const subject = await getFilingSubject(contextFor(db, made.approver.actor), { filingId: filing.value.id });
    expect(subject.ok && subject.value.records.map((r) => `${r.voucherWord}-${r.voucherNo}`)).toEqual(["记-1", "记-2", "收-1", "付-1", "调-1"]);
  });

  it("reads only the page asked for, with the count and the total of all pages", async () => {
    const { db, approver, filing } = await submittedMonth();
    const page = async (p?: unknown) => {
      const subject = await getFilingSubject(contextFor(db, approver.actor), { filingId: filing.id, page: p, pageSize: 2 });
      if (!subject.ok) throw new Error(subject.error.code);
      return subject.value;
    };
    const second = await page("2");
    expect(second.records.map((r) => `${r.voucherWord}-${r.voucherNo}`)).toEqual(["记-3"]);
    expect(second).toMatchObject({ recordCount: 3, total: "2401.10", page: { page: 2, pages: 2, from: 2, to: 3 } });
    // A link kept from before, or typed by hand, lands on a page there is.
    expect((await page("9")).page.page).toBe(2);
    expect((await page("x")).records.map((r) => `${r.voucherWord}-${r.voucherNo}`)).toEqual(["记-1", "记-2"]);
    // `?page=2&page=3` arrives as a list: the first page, not a request that shows no records.
    expect((await page(["2", "3"])).page.page).toBe(1);
  });

  it("lists the first held-back records with the count of all of them", async () => {
    const { db } = testDb();
    const made = await makeArchiveFonds(db);
    // Vouchers without a preparer fail 2-4 and are held back: one more than are listed.
    for (let no = 1; no <= HELD_BACK_LISTED + 1; no++) {
      await makeVoucher(db, { fondsId: made.fonds.id, fiscalYear: 2022, period: 11, word: "记", no, preparer: null, metadata: { preparer: null } });
    }
    await makeVoucher(db, { fondsId: made.fonds.id, fiscalYear: 2022, period: 11, word: "收", no: 1 });
    const filing = await submitFiling(contextFor(db, made.archivist.actor), { fondsId: made.fonds.id, fiscalYear: 2022, period: 11 }, {}, await deps());
    if (!filing.ok) throw new Error(filing.error.code);
    const subject = await getFilingSubject(contextFor(db, made.approver.actor), { filingId: filing.value.id });
    if (!subject.ok) throw new Error(subject.error.code);
    expect(subject.value.heldBackCount).toBe(HELD_BACK_LISTED + 1);
    expect(subject.value.heldBack.map((r) => r.voucherNo)).toEqual(Array.from({ length: HELD_BACK_LISTED }, (_, i) => String(i + 1)));
    expect(subject.value.records.map((r) => `${r.voucherWord}-${r.voucherNo}`)).toEqual(["收-1"]);
  });

  it("totals several requests in one query, leaving out fonds the reader cannot see", async () => {
    const { db, approver, filing } = await submittedMonth();
    const other = await submittedMonth();
    const totals = await listFilingTotals(contextFor(db, approver.actor), [filing.id, other.filing.id]);
    expect(totals.get(filing.id)).toEqual({ records: 3, heldBack: 1, total: "2401.10" });
    expect(totals.has(other.filing.id)).toBe(false);
  });

  it("does not exist for someone outside the fonds, and names a malformed id", async () => {
    const { db, filing } = await submittedMonth();
    const stranger = await makeUser(db, [{ role: "finance_approver", fondsId: (await makeArchiveFonds(db)).fonds.id }]);
    expect(await getFilingSubject(contextFor(db, stranger.actor), { filingId: filing.id })).toMatchObject({ ok: false, error: { code: "approvals-ui.subject_not_found" } });
    expect(await getFilingSubject(contextFor(db, stranger.actor), { filingId: "x" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { filingId: "validation.invalid_format" } } });
  });
});
