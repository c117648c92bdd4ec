import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { anyId } from "@/db/any-id";
import { approvalDecisions, approvalRequests, checkRuns, filings, records, users, volumes, vouchers } from "@/db/schema";
import { voucherWordRank } from "@/lib/archive/volumes/assemble";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { fail, invalid, ok } from "@/lib/errors";
import { coversPeriod } from "@/lib/filing/check-runs";
import { groupBy } from "@/lib/group-by";

export const FilingPeriodInput = z.object({
  fondsId: z.uuid(),
  fiscalYear: z.coerce.number().int().min(1900).max(9999),
  period: z.coerce.number().int().min(1).max(12),
});

/**
 * What the filing workbench shows for one month of one fonds: the month's records (件) with their volume and
 * state, the volumes proposed or sealed for it, its check runs and its filing requests. A read: nothing
 * here changes state, so no audit entry.
 */
export async function getFilingPeriod(ctx: ServiceContext, raw: unknown) {
  const input = FilingPeriodInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { fondsId, fiscalYear, period } = input.data;
  if (ctx.actor && !can(ctx.actor, "filing.submit", fondsId)) return fail("auth.forbidden");
  const db = ctx.db;
  const [recordRows, volumeRows, filingRows] = await Promise.all([
    db
      .select({
        id: records.id,
        state: records.state,
        archivalCode: records.archivalCode,
        volumeId: records.volumeId,
        itemNo: records.itemNo,
        checkStatus: records.checkStatus,
        retention: records.retention,
        category: records.category,
        title: records.title,
        docDate: records.docDate,
        recordAmount: records.amount,
        voucherWord: vouchers.voucherWord,
        voucherNo: vouchers.voucherNo,
        voucherNoNum: vouchers.voucherNoNum,
        voucherDate: vouchers.voucherDate,
        summary: vouchers.summary,
        amount: vouchers.debitTotal,
        attachmentCount: vouchers.attachmentCount,
      })
      .from(records)
      .leftJoin(vouchers, eq(vouchers.recordId, records.id))
      .where(and(eq(records.fondsId, fondsId), eq(records.fiscalYear, fiscalYear), eq(records.period, period)))
      .orderBy(asc(records.category), asc(vouchers.voucherWord), asc(vouchers.voucherNoNum), asc(vouchers.voucherNo), asc(records.docDate), asc(records.id)),
    db
      .select({
        id: volumes.id,
        seq: volumes.seq,
        volumeNo: volumes.volumeNo,
        title: volumes.title,
        state: volumes.state,
        category: volumes.category,
        voucherWord: volumes.voucherWord,
        retention: volumes.retention,
        cover: volumes.cover,
        sealedAt: volumes.sealedAt,
      })
      .from(volumes)
      .where(and(eq(volumes.fondsId, fondsId), eq(volumes.fiscalYear, fiscalYear), eq(volumes.period, period)))
      .orderBy(asc(volumes.seq), asc(volumes.id)),
    db
      .select({
        id: filings.id,
        state: filings.state,
        checkRunId: filings.checkRunId,
        volumeIds: filings.volumeIds,
        createdAt: filings.createdAt,
        decidedAt: filings.decidedAt,
        approvalId: approvalRequests.id,
        approvalState: approvalRequests.state,
      })
      .from(filings)
      .leftJoin(approvalRequests, and(eq(approvalRequests.kind, "filing"), eq(approvalRequests.subjectId, filings.id)))
      .where(and(eq(filings.fondsId, fondsId), eq(filings.fiscalYear, fiscalYear), eq(filings.period, period)))
      .orderBy(desc(filings.createdAt), desc(filings.id)),
  ]);
  // 原始凭证 kept as records of their own travel with their voucher (DA/T 94 8.4.1); the workbench lists 件.
  const items = recordRows
    .filter((r) => !(r.category === "voucher" && r.voucherWord === null))
    .map(({ recordAmount, ...r }) => ({ ...r, amount: r.amount ?? recordAmount }))
    // Vouchers in binding order (记→收→付→转), not by the words' code points; the query keeps numbers in order.
    .sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || voucherWordRank(a.voucherWord) - voucherWordRank(b.voucherWord));
  // A run belongs to this month when it covered one of the month's records.
  const runRows = items.length
    ? await db
        .select({ id: checkRuns.id, stage: checkRuns.stage, summary: checkRuns.summary, startedAt: checkRuns.startedAt, finishedAt: checkRuns.finishedAt })
        .from(checkRuns)
        .where(and(eq(checkRuns.fondsId, fondsId), coversPeriod(fiscalYear, period)))
        .orderBy(desc(checkRuns.startedAt), desc(checkRuns.id))
        .limit(10)
    : [];
  // The approver's comment on a decided request: on rejection it says what to fix before submitting again.
  const decided = filingRows.flatMap((f) => (f.approvalId && f.state !== "pending" ? [f.approvalId] : []));
  const decisionRows = decided.length
    ? await db
        .selectDistinctOn([approvalDecisions.requestId], { requestId: approvalDecisions.requestId, comment: approvalDecisions.comment, by: users.displayName, oaUserId: approvalDecisions.oaUserId })
        .from(approvalDecisions)
        .leftJoin(users, eq(users.id, approvalDecisions.actorId))
        .where(and(anyId(approvalDecisions.requestId, decided), eq(approvalDecisions.outcome, "recorded")))
        .orderBy(approvalDecisions.requestId, desc(approvalDecisions.createdAt), desc(approvalDecisions.id))
    : [];
  const decisions = new Map(decisionRows.map((d) => [d.requestId, { comment: d.comment, by: d.by ?? d.oaUserId }]));
  const inItemOrder = [...items].sort((a, b) => (a.itemNo ?? Number.MAX_SAFE_INTEGER) - (b.itemNo ?? Number.MAX_SAFE_INTEGER));
  const byVolume = groupBy(
    inItemOrder.filter((r) => r.volumeId),
    (r) => r.volumeId!,
    (r) => r.id,
  );
  return ok({
    fondsId,
    fiscalYear,
    period,
    records: items,
    volumes: volumeRows.sort(byBindingOrder).map((v) => ({ ...v, recordIds: byVolume.get(v.id) ?? [] })),
    checkRuns: runRows,
    filings: filingRows.map((f) => ({ ...f, decision: (f.approvalId && decisions.get(f.approvalId)) || null })),
  });
}

const CATEGORY_ORDER = ["voucher", "ledger", "report", "other"];

/** Volumes in the order they are bound (组卷): by category, then voucher word as the assembler orders them, then sequence. */
function byBindingOrder(a: { category: string; voucherWord: string | null; seq: number }, b: typeof a): number {
  return CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || voucherWordRank(a.voucherWord) - voucherWordRank(b.voucherWord) || (a.voucherWord ?? "").localeCompare(b.voucherWord ?? "") || a.seq - b.seq;
}

export type FilingPeriod = Extract<Awaited<ReturnType<typeof getFilingPeriod>>, { ok: true }>["value"];
