import { and, asc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { filingRecords, filings, records, vouchers } from "@/db/schema";
import { DEFAULT_VOUCHER_WORD_ORDER } from "@/lib/archive/volumes/assemble";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";
import { pageSlice } from "@/lib/page-slice";
import { listFilingTotals } from "./list-filing-totals";

/** Held-back records listed with their reasons; the check report lists every one. */
export const HELD_BACK_LISTED = 50;

export const FilingSubjectInput = z.object({
  filingId: z.uuid(),
  /** As the page's `?page=` gives it: a stale, hand-typed or repeated one still lands on a page of the list. */
  page: z.string().optional().catch(undefined),
  pageSize: z.number().int().min(1).max(500).default(100),
});

/**
 * What an approver of a filing request approves, exactly: one page of the records it would archive
 * (voucher number, date, summary, amount), their count and exact total over all pages, and the records
 * held back with their reasons. A month of a large company is tens of thousands of vouchers, so only the
 * page shown is read; the count and the total are PostgreSQL's (numeric, never a float). Approvers and
 * readers of the fonds see it.
 */
export async function getFilingSubject(ctx: ServiceContext, raw: unknown) {
  const input = FilingSubjectInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const [filing] = await ctx.db.select().from(filings).where(eq(filings.id, input.data.filingId));
  const allowed = (fondsId: string) => !ctx.actor || can(ctx.actor, "record.read", fondsId) || can(ctx.actor, "approval.decide", fondsId);
  if (!filing || !allowed(filing.fondsId)) return fail("approvals-ui.subject_not_found");
  const totals = (await listFilingTotals(ctx, [filing.id])).get(filing.id) ?? { records: 0, heldBack: 0, total: "0" };
  const page = pageSlice(input.data.page, totals.records, input.data.pageSize);
  const [included, heldBack] = await Promise.all([
    subjectRows(ctx, filing.id, false).offset(page.from).limit(input.data.pageSize),
    subjectRows(ctx, filing.id, true).limit(HELD_BACK_LISTED),
  ]);
  return ok({
    filing: { id: filing.id, fondsId: filing.fondsId, fiscalYear: filing.fiscalYear, period: filing.period, state: filing.state, checkRunId: filing.checkRunId, createdAt: filing.createdAt },
    records: included,
    recordCount: totals.records,
    page,
    heldBack,
    heldBackCount: totals.heldBack,
    total: totals.total,
  });
}

// A voucher word's place in binding order (记→收→付→转…, DA/T 94 8.4.2), as voucherWordRank gives it:
// unknown words after the known ones, records without a voucher last. Not the words' code points.
const WORD_ORDER = sql`${sql.param(DEFAULT_VOUCHER_WORD_ORDER)}::text[]`;
const wordRank = sql`coalesce(array_position(${WORD_ORDER}, ${vouchers.voucherWord}), case when ${vouchers.voucherWord} is null then ${DEFAULT_VOUCHER_WORD_ORDER.length + 2}::int else ${DEFAULT_VOUCHER_WORD_ORDER.length + 1}::int end)`;

function subjectRows(ctx: ServiceContext, filingId: string, held: boolean) {
  return ctx.db
    .select({
      id: records.id,
      status: filingRecords.status,
      reasons: filingRecords.reasons,
      state: records.state,
      title: records.title,
      archivalCode: records.archivalCode,
      amount: sql<string | null>`coalesce(${vouchers.debitTotal}, ${records.amount})`,
      voucherWord: vouchers.voucherWord,
      voucherNo: vouchers.voucherNo,
      voucherDate: vouchers.voucherDate,
      summary: vouchers.summary,
    })
    .from(filingRecords)
    .innerJoin(records, eq(records.id, filingRecords.recordId))
    .leftJoin(vouchers, eq(vouchers.recordId, records.id))
    .where(and(eq(filingRecords.filingId, filingId), held ? eq(filingRecords.status, "held_back") : ne(filingRecords.status, "held_back")))
    .orderBy(wordRank, asc(vouchers.voucherWord), asc(vouchers.voucherNoNum), asc(records.title), asc(records.id));
}

export type FilingSubject = Extract<Awaited<ReturnType<typeof getFilingSubject>>, { ok: true }>["value"];
