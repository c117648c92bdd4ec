import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { filingRecords, filings, records, vouchers } from "@/db/schema";
import { voucherWordRank } from "@/lib/archive/volumes/assemble";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { addDecimals } from "@/lib/decimal";
import { fail, invalid, ok } from "@/lib/errors";

export const FilingSubjectInput = z.object({ filingId: z.uuid() });

/**
 * What an approver of a filing request approves, exactly: the records it would archive (voucher number,
 * date, summary, amount), their exact total, and the records held back with their reasons. Approvers and
 * readers of the fonds see it.
 */
export async function getFilingSubject(ctx: ServiceContext, raw: unknown) {
  const input = FilingSubjectInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const [filing] = await ctx.db.select().from(filings).where(eq(filings.id, input.data.filingId));
  const allowed = (fondsId: string) => !ctx.actor || can(ctx.actor, "record.read", fondsId) || can(ctx.actor, "approval.decide", fondsId);
  if (!filing || !allowed(filing.fondsId)) return fail("approvals-ui.subject_not_found");
  const rows = await ctx.db
    .select({
      id: records.id,
      status: filingRecords.status,
      reasons: filingRecords.reasons,
      state: records.state,
      title: records.title,
      archivalCode: records.archivalCode,
      amount: records.amount,
      voucherWord: vouchers.voucherWord,
      voucherNo: vouchers.voucherNo,
      voucherDate: vouchers.voucherDate,
      summary: vouchers.summary,
      debitTotal: vouchers.debitTotal,
    })
    .from(filingRecords)
    .innerJoin(records, eq(records.id, filingRecords.recordId))
    .leftJoin(vouchers, eq(vouchers.recordId, records.id))
    .where(eq(filingRecords.filingId, filing.id))
    .orderBy(asc(vouchers.voucherWord), asc(vouchers.voucherNoNum), asc(records.title), asc(records.id));
  // In binding order (记→收→付→转, DA/T 94 8.4.2), not the words' code points; the query keeps numbers in order.
  const withAmount = rows.map((r) => ({ ...r, amount: r.debitTotal ?? r.amount })).sort((a, b) => voucherWordRank(a.voucherWord) - voucherWordRank(b.voucherWord));
  const included = withAmount.filter((r) => r.status !== "held_back");
  return ok({
    filing: { id: filing.id, fondsId: filing.fondsId, fiscalYear: filing.fiscalYear, period: filing.period, state: filing.state, checkRunId: filing.checkRunId, createdAt: filing.createdAt },
    records: included,
    heldBack: withAmount.filter((r) => r.status === "held_back"),
    total: addDecimals("0", ...included.flatMap((r) => (r.amount ? [r.amount] : []))),
  });
}

export type FilingSubject = Extract<Awaited<ReturnType<typeof getFilingSubject>>, { ok: true }>["value"];
