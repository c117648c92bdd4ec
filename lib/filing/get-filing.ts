import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { anyId } from "@/db/any-id";
import type { DbOrTx } from "@/db";
import { approvalDecisions, approvalRequests, filingRecords, filings, records, users, volumes } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { type CheckRunView, loadCheckRun } from "./check-runs";

export const GetFilingInput = z.object({ id: z.uuid() });

type Reason = { code: string; params?: Record<string, string | number> };

export interface FilingView {
  id: string;
  fondsId: string;
  fiscalYear: number | null;
  period: number | null;
  /** pending → approved | rejected | withdrawn (撤回) */
  state: string;
  approvalId: string | null;
  approvalState: string | null;
  createdBy: { id: string; name: string };
  createdAt: Date;
  decidedAt: Date | null;
  /** What ended the request, with its comment (on rejection, what to fix; on withdrawal, why). */
  decision: { decision: "approve" | "reject" | "withdraw"; comment: string | null; by: string | null; at: Date } | null;
  volumes: { id: string; title: string; category: string; volumeNo: number | null; state: string; retention: string | null; cover: Record<string, unknown> }[];
  records: { id: string; title: string; category: string; state: string; archivalCode: string | null; volumeId: string | null; itemNo: number | null; retention: string; retentionExpiresOn: string | null; checkStatus: string }[];
  heldBack: { id: string; title: string; reasons: Reason[] }[];
  checks: CheckRunView | null;
}

/** A filing as submitFiling answered it, with the states, codes and volume numbers it has now. */
export async function loadFiling(db: DbOrTx, id: string): Promise<FilingView | null> {
  const [row] = await db
    .select({ filing: filings, creator: users.displayName, approvalId: approvalRequests.id, approvalState: approvalRequests.state })
    .from(filings)
    .innerJoin(users, eq(users.id, filings.createdBy))
    .leftJoin(approvalRequests, eq(approvalRequests.subjectId, filings.id))
    .where(eq(filings.id, id));
  if (!row) return null;
  const f = row.filing;
  const members = await db
    .select({
      id: records.id,
      title: records.title,
      category: records.category,
      state: records.state,
      archivalCode: records.archivalCode,
      volumeId: records.volumeId,
      itemNo: records.itemNo,
      retention: records.retention,
      retentionExpiresOn: records.retentionExpiresOn,
      checkStatus: records.checkStatus,
      status: filingRecords.status,
      reasons: filingRecords.reasons,
    })
    .from(filingRecords)
    .innerJoin(records, eq(records.id, filingRecords.recordId))
    .where(eq(filingRecords.filingId, id))
    .orderBy(asc(records.volumeId), asc(records.itemNo), asc(records.title), asc(records.id));
  const volumeRows = f.volumeIds.length
    ? await db
        .select({ id: volumes.id, title: volumes.title, category: volumes.category, volumeNo: volumes.volumeNo, state: volumes.state, retention: volumes.retention, cover: volumes.cover, seq: volumes.seq })
        .from(volumes)
        .where(anyId(volumes.id, f.volumeIds))
        .orderBy(asc(volumes.category), asc(volumes.voucherWord), asc(volumes.seq), asc(volumes.id))
    : [];
  const [decision] = row.approvalId
    ? await db
        .select({ decision: approvalDecisions.decision, comment: approvalDecisions.comment, by: users.displayName, oaUserId: approvalDecisions.oaUserId, at: approvalDecisions.createdAt })
        .from(approvalDecisions)
        .leftJoin(users, eq(users.id, approvalDecisions.actorId))
        .where(and(eq(approvalDecisions.requestId, row.approvalId), eq(approvalDecisions.outcome, "recorded")))
        .orderBy(desc(approvalDecisions.createdAt), desc(approvalDecisions.id))
        .limit(1)
    : [];
  return {
    id: f.id,
    fondsId: f.fondsId,
    fiscalYear: f.fiscalYear,
    period: f.period,
    state: f.state,
    approvalId: row.approvalId,
    approvalState: row.approvalState,
    createdBy: { id: f.createdBy, name: row.creator },
    createdAt: f.createdAt,
    decidedAt: f.decidedAt,
    decision: decision && f.state !== "pending" ? { decision: decision.decision, comment: decision.comment, by: decision.by ?? decision.oaUserId, at: decision.at } : null,
    volumes: volumeRows.map(({ seq: _seq, ...v }) => v),
    records: members.filter((m) => m.status === "included").map(({ status: _s, reasons: _r, ...m }) => m),
    heldBack: members.filter((m) => m.status === "held_back").map((m) => ({ id: m.id, title: m.title, reasons: m.reasons })),
    checks: f.checkRunId ? await loadCheckRun(db, f.checkRunId) : null,
  };
}

/** One filing; people who may not read the fonds' records (or file or approve there) do not see it exist. */
export async function getFiling(ctx: ServiceContext, raw: unknown): Promise<Result<FilingView>> {
  const input = GetFilingInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const view = await loadFiling(ctx.db, input.data.id);
  if (!view) return fail("filing.not_found");
  const a = ctx.actor;
  if (a && !can(a, "record.read", view.fondsId) && !can(a, "filing.submit", view.fondsId) && !can(a, "approval.decide", view.fondsId)) return fail("filing.not_found");
  return ok(view);
}
