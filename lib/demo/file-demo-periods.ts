import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { approvalRequests, approvalSteps, filings, fonds, imports, users } from "@/db/schema";
import { decideApproval, holdsRole } from "@/lib/approvals/decide-approval";
import { loadActorWhere } from "@/lib/auth/load-actor";
import type { Actor, ServiceContext } from "@/lib/context";
import { submitFiling } from "@/lib/filing/submit-filing";
import { DEMO_FISCAL_YEAR } from "./demo-exports";
import { orThrow } from "@/lib/errors";

/**
 * What a fresh demo shows of the filing workflow: February filed (volumes, 档号, retention running) and
 * April submitted, waiting in the finance approver's inbox. January, the month with the package's
 * invoices and bank receipts, is left for the visitor to file; March cannot be filed until someone
 * explains the gap (收字 18) its rejected unbalanced voucher left in the numbering, as the checks say.
 */
export const DEMO_FILED_PERIODS = [2] as const;
export const DEMO_PENDING_PERIOD = 4;
const DEMO_FONDS_CODE = "Z001";

/** A demo period as the filing request's title writes it: 2025-04. */
export const demoMonth = (period: number) => `${DEMO_FISCAL_YEAR}-${String(period).padStart(2, "0")}`;

export type DemoFilingOutcome = "waiting" | "done";

function actingAs(db: Db, actor: Actor): ServiceContext {
  return { db, actor, now: () => new Date(), request: { ip: null, userAgent: "acta-seed" } };
}

/**
 * Files the demo's periods through the real services, as the demo archivist submitting and the demo
 * finance approver deciding, so the trail reads as if they had. Waits (answers "waiting") until the
 * demo's imports have finished, since it files what they bring. Safe to run again: a period that
 * already has a filing request is not submitted twice, and one still pending is decided.
 */
export async function fileDemoPeriods(db: Db, importIds: readonly string[]): Promise<DemoFilingOutcome> {
  const states = await db.select({ state: imports.state }).from(imports).where(inArray(imports.id, [...importIds]));
  if (states.some((s) => s.state === "queued" || s.state === "running")) return "waiting";
  const [parent] = await db.select({ id: fonds.id }).from(fonds).where(eq(fonds.code, DEMO_FONDS_CODE));
  const archivist = await loadActorWhere(db, eq(users.username, "archivist"));
  const finance = await loadActorWhere(db, eq(users.username, "finance"));
  if (!parent || !archivist || !finance) throw new Error("Demo filing needs the demo group: seed the demo first");

  for (const period of [...DEMO_FILED_PERIODS, DEMO_PENDING_PERIOD]) {
    const what = demoMonth(period);
    const [existing] = await db
      .select({ approvalId: approvalRequests.id })
      .from(filings)
      .innerJoin(approvalRequests, and(eq(approvalRequests.kind, "filing"), eq(approvalRequests.subjectId, filings.id)))
      .where(and(eq(filings.fondsId, parent.id), eq(filings.fiscalYear, DEMO_FISCAL_YEAR), eq(filings.period, period)))
      .orderBy(desc(filings.createdAt))
      .limit(1);
    // The demo's deliberate flaws are warnings an archivist may file over; failed items stay held back.
    const approvalId =
      existing?.approvalId ??
      orThrow(await submitFiling(actingAs(db, archivist), { fondsId: parent.id, fiscalYear: DEMO_FISCAL_YEAR, period }, { overrideWarnings: true }), `Demo filing failed at submitting ${what}`).approvalId;
    if (period === DEMO_PENDING_PERIOD || !approvalId) continue;
    // Each step still to decide, in order, by the demo user holding its role.
    const steps = await db.select({ role: approvalSteps.role, state: approvalSteps.state }).from(approvalSteps).where(eq(approvalSteps.requestId, approvalId)).orderBy(asc(approvalSteps.seq));
    for (const step of steps.filter((s) => s.state === "pending" || s.state === "waiting")) {
      const decider = [finance, archivist].find((a) => holdsRole(a, step.role, parent.id));
      if (!decider) throw new Error(`Demo filing failed at approving ${what}: no demo user holds ${step.role}`);
      orThrow(await decideApproval(actingAs(db, decider), { approvalId, decision: "approve", comment: "演示数据：凭证与检测报告已核对，同意归档", source: "ui" }), `Demo filing failed at approving ${what}`);
    }
  }
  return "done";
}
