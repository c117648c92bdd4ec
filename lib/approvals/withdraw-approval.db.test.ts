import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Db } from "@/db";
import { approvalDecisions, approvalRequests, approvalSteps, auditEvents, filings, notifications, oaOutbox, records } from "@/db/schema";
import { makeArchiveFonds, makeVoucher, filingDeps } from "@/db/test/archive-factories";
import { finishesOrWaitsFor, heldTransaction } from "@/db/test/concurrency";
import { contextFor, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import type { Actor } from "@/lib/context";
import { ok } from "@/lib/errors";
import { submitFiling } from "@/lib/filing/submit-filing";
import { prepareQueues } from "@/lib/jobs/worker";
import { createOaConnector } from "@/lib/oa/connectors/create-oa-connector";
import { systemContext } from "@/lib/context";
import { createApprovalRequest } from "./create-approval-request";
import { decideApproval } from "./decide-approval";
import { getApproval } from "./get-approval";
import { registerApprovalKind } from "./registry";
import { withdrawApproval } from "./withdraw-approval";

const cleanups: (() => Promise<void>)[] = [];
// A completion for a to-do OA is queued as a pg-boss job with its outbox row.
beforeAll(async () => prepareQueues(inject("databaseUrl")));
afterAll(async () => Promise.all(cleanups.map((c) => c())));

// Decisions and withdrawals are stamped to the millisecond and histories read in that order.
let lastTick = 0;
const ticking = () => new Date((lastTick = Math.max(Date.now(), lastTick + 1)));
const as = (db: Db, actor: Actor | null) => contextFor(db, actor, ticking);
const historyOf = (db: Db, id: string) => db.select().from(approvalDecisions).where(eq(approvalDecisions.requestId, id)).orderBy(approvalDecisions.createdAt);
const auditOf = (db: Db, targetId: string) => db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.targetId, targetId)).orderBy(auditEvents.id);
const stateOf = async (db: Db, id: string) => (await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, id)))[0]!.state;

/** A month of two vouchers submitted for filing by the fonds' archivist, optionally with an OA connector. */
async function submitted(options: { weaver?: boolean } = {}) {
  const { db } = testDb();
  const world = await makeArchiveFonds(db);
  const { fonds, archivist } = world;
  const connector = options.weaver
    ? await createOaConnector(systemContext(db), { fondsId: fonds.id, kind: "weaver", name: "泛微", baseUrl: "http://127.0.0.1:9", config: { syscode: "ACTA" }, secrets: { callbackSecret: "weaver-callback-secret-0123456789" } })
    : null;
  if (connector && !connector.ok) throw new Error(JSON.stringify(connector.error));
  for (const no of [1, 2]) await makeVoucher(db, { fondsId: fonds.id, no });
  const r = await submitFiling(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await filingDeps(cleanups));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return { db, ...world, approvalId: r.value.approvalId!, filingId: r.value.id, recordIds: r.value.records.map((x) => x.id), connectorId: connector?.value.connector.id };
}

// A two-step kind (the archivist, then the finance approver) for withdrawing between steps.
const withdrawnLoans: [string, string | null][] = [];
registerApprovalKind("loan", {
  steps: () => ["archivist", "finance_approver"],
  onApproved: async () => ok(null),
  onRejected: async () => ok(null),
  onWithdrawn: async (_tx, _ctx, request, reason) => {
    withdrawnLoans.push([request.subjectId, reason]);
    return ok(null);
  },
});

describe("withdrawing an approval request (撤回)", () => {
  it("lets the requester withdraw: cancelled, steps skipped, records back to collected, approvers told, audited", async () => {
    const { db, archivist, approver, approvalId, filingId, recordIds } = await submitted();
    expect((await db.select({ state: records.state }).from(records).where(inArray(records.id, recordIds))).every((r) => r.state === "filing")).toBe(true);
    const before = await getApproval(contextFor(db, archivist.actor), { id: approvalId });
    expect(before.ok && before.value.canWithdraw).toBe(true);
    const approverView = await getApproval(contextFor(db, approver.actor), { id: approvalId });
    expect(approverView.ok && approverView.value.canWithdraw).toBe(false);

    const r = await withdrawApproval(as(db, archivist.actor), { approvalId, reason: "提交的月份有误", source: "ui" });
    expect(r).toEqual({ ok: true, value: { approvalId, state: "cancelled", outcome: "recorded" } });

    expect(await stateOf(db, approvalId)).toBe("cancelled");
    expect((await db.select({ state: approvalSteps.state }).from(approvalSteps).where(eq(approvalSteps.requestId, approvalId))).map((s) => s.state)).toEqual(["skipped"]);
    const back = await db.select({ state: records.state, code: records.archivalCode }).from(records).where(inArray(records.id, recordIds));
    expect(back.every((x) => x.state === "collected" && x.code === null)).toBe(true);
    const [filing] = await db.select({ state: filings.state }).from(filings).where(eq(filings.id, filingId));
    expect(filing!.state).toBe("withdrawn");
    const [note] = await db.select().from(notifications).where(and(eq(notifications.userId, approver.id), eq(notifications.kind, "approval.notification.withdrawn")));
    expect(note!.params).toMatchObject({ by: archivist.actor.displayName, reason: "提交的月份有误" });
    expect((await auditOf(db, approvalId)).map((a) => a.action)).toEqual(["approval.requested", "approval.withdrawn"]);
    expect((await auditOf(db, approvalId)).at(-1)!.data).toMatchObject({ kind: "filing", step: 1, reason: "提交的月份有误", source: "ui" });
    expect((await auditOf(db, filingId)).map((a) => a.action)).toContain("filing.withdrawn");
    const after = await getApproval(contextFor(db, archivist.actor), { id: approvalId });
    expect(after.ok && [after.value.state, after.value.canWithdraw]).toEqual(["cancelled", false]);
    expect(after.ok && after.value.decisions.map((d) => [d.decision, d.outcome, d.comment])).toEqual([["withdraw", "recorded", "提交的月份有误"]]);

    // Pressed twice: the same wish, nothing more happens.
    expect(await withdrawApproval(as(db, archivist.actor), { approvalId, source: "ui" })).toEqual({ ok: true, value: { approvalId, state: "cancelled", outcome: "duplicate" } });
    expect((await auditOf(db, approvalId)).map((a) => a.action)).toEqual(["approval.requested", "approval.withdrawn"]);
  });

  it("refuses a stranger and changes nothing; another archivist of the fonds may withdraw for the requester", async () => {
    const { db, fonds, archivist, approver, approvalId } = await submitted();
    const accountant = await makeUser(db, [{ role: "accountant", fondsId: fonds.id }]);
    const elsewhere = await makeArchiveFonds(db);
    for (const stranger of [approver.actor, accountant.actor, elsewhere.archivist.actor]) {
      expect(await withdrawApproval(as(db, stranger), { approvalId, source: "ui" })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    }
    expect(await withdrawApproval(as(db, null), { approvalId, source: "ui" })).toMatchObject({ ok: false, error: { code: "approval.withdrawer_required" } });
    expect(await stateOf(db, approvalId)).toBe("pending");
    expect(await historyOf(db, approvalId)).toEqual([]);

    const colleague = await makeUser(db, [{ role: "archivist", fondsId: fonds.id }]);
    expect(await withdrawApproval(as(db, colleague.actor), { approvalId, source: "ui" })).toMatchObject({ ok: true, value: { outcome: "recorded" } });
    // The requester is told that someone else withdrew their request.
    const told = await db.select().from(notifications).where(and(eq(notifications.userId, archivist.id), eq(notifications.kind, "approval.notification.withdrawn")));
    expect(told).toHaveLength(1);
  });

  it("refuses a withdrawal after the decision, keeping it in the history", async () => {
    const { db, archivist, approver, approvalId, recordIds } = await submitted();
    expect(await decideApproval(as(db, approver.actor), { approvalId, decision: "approve", source: "ui" })).toMatchObject({ ok: true, value: { state: "approved" } });
    const late = await withdrawApproval(as(db, archivist.actor), { approvalId, reason: "晚了", source: "ui" });
    expect(late).toMatchObject({ ok: false, error: { code: "approval.already_decided", params: { by: approver.actor.displayName, decision: "approve", source: "ui" } } });
    expect(await stateOf(db, approvalId)).toBe("approved");
    expect((await historyOf(db, approvalId)).map((d) => [d.decision, d.outcome, d.refusalCode])).toEqual([
      ["approve", "recorded", null],
      ["withdraw", "refused", "approval.already_decided"],
    ]);
    expect((await db.select({ state: records.state }).from(records).where(inArray(records.id, recordIds))).every((r) => r.state === "archived")).toBe(true);
  });

  it("refuses a decision after the withdrawal, from the inbox or the OA, keeping both in the history", async () => {
    const { db, archivist, approver, approvalId, recordIds } = await submitted();
    expect((await withdrawApproval(as(db, archivist.actor), { approvalId, source: "ui" })).ok).toBe(true);
    const inbox = await decideApproval(as(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    expect(inbox).toMatchObject({ ok: false, error: { code: "approval.withdrawn", params: { by: archivist.actor.displayName, source: "ui", decision: "withdraw" } } });
    const oa = await decideApproval(as(db, null), { approvalId, decision: "reject", source: "oa", oaUserId: "ding-lisi", externalEventId: "evt-late" });
    expect(oa).toMatchObject({ ok: false, error: { code: "approval.withdrawn" } });
    expect((await historyOf(db, approvalId)).map((d) => [d.decision, d.source, d.outcome, d.refusalCode])).toEqual([
      ["withdraw", "ui", "recorded", null],
      ["approve", "ui", "refused", "approval.withdrawn"],
      ["reject", "oa", "refused", "approval.withdrawn"],
    ]);
    expect((await auditOf(db, approvalId)).filter((a) => a.action === "approval.decision_refused")).toHaveLength(2);
    expect(await stateOf(db, approvalId)).toBe("cancelled");
    expect((await db.select({ state: records.state }).from(records).where(inArray(records.id, recordIds))).every((r) => r.state === "collected")).toBe(true);
  });

  it("races a decision against a withdrawal: whichever locks the request first wins, the other is refused in words", async () => {
    // The withdrawal holds the lock: the decision waits, then learns it was withdrawn.
    {
      const { db, archivist, approver, approvalId } = await submitted();
      const withdrawal = await heldTransaction(db, (tx) => withdrawApproval({ ...as(db, archivist.actor), db: tx }, { approvalId, source: "ui" }));
      const decision = decideApproval(as(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
      expect(await finishesOrWaitsFor(db, decision, withdrawal.pid)).toBe("waiting");
      withdrawal.release();
      expect(await withdrawal.done).toMatchObject({ ok: true, value: { outcome: "recorded" } });
      expect(await decision).toMatchObject({ ok: false, error: { code: "approval.withdrawn" } });
      expect(await stateOf(db, approvalId)).toBe("cancelled");
    }
    // The decision holds the lock: the withdrawal waits, then learns it was decided; the records are filed once.
    {
      const { db, archivist, approver, approvalId, recordIds } = await submitted();
      const decision = await heldTransaction(db, (tx) => decideApproval({ ...as(db, approver.actor), db: tx }, { approvalId, decision: "approve", source: "ui" }));
      const withdrawal = withdrawApproval(as(db, archivist.actor), { approvalId, source: "ui" });
      expect(await finishesOrWaitsFor(db, withdrawal, decision.pid)).toBe("waiting");
      decision.release();
      expect(await decision.done).toMatchObject({ ok: true, value: { state: "approved" } });
      expect(await withdrawal).toMatchObject({ ok: false, error: { code: "approval.already_decided" } });
      expect((await db.select({ state: records.state }).from(records).where(inArray(records.id, recordIds))).every((r) => r.state === "archived")).toBe(true);
    }
    // Unordered: exactly one is recorded.
    {
      const { db, archivist, approver, approvalId } = await submitted();
      const results = await Promise.all([
        withdrawApproval(as(db, archivist.actor), { approvalId, source: "ui" }),
        decideApproval(as(db, approver.actor), { approvalId, decision: "reject", source: "ui" }),
      ]);
      expect(results.filter((r) => r.ok && r.value.outcome === "recorded")).toHaveLength(1);
      expect(results.filter((r) => !r.ok && ["approval.withdrawn", "approval.already_decided"].includes(r.error.code))).toHaveLength(1);
      expect((await historyOf(db, approvalId)).map((d) => d.outcome).sort()).toEqual(["recorded", "refused"]);
    }
  });

  it("may withdraw after an earlier step approved: that approval stays on record, the rest is skipped", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    const requester = await makeUser(db, [{ role: "accountant", fondsId: fonds.id }]);
    const subjectId = randomUUID();
    const opened = await db.transaction((tx) => createApprovalRequest(tx, contextFor(db, requester.actor), { fondsId: fonds.id, kind: "loan", subjectId, title: "借阅 2023 年凭证" }));
    if (!opened.ok) throw new Error(opened.error.code);
    const id = opened.value.id;
    expect(await decideApproval(as(db, archivist.actor), { approvalId: id, decision: "approve", source: "ui" })).toMatchObject({ ok: true, value: { state: "pending" } });
    expect(await withdrawApproval(as(db, requester.actor), { approvalId: id, reason: "不再需要", source: "ui" })).toMatchObject({ ok: true, value: { state: "cancelled" } });
    expect((await db.select({ seq: approvalSteps.seq, state: approvalSteps.state }).from(approvalSteps).where(eq(approvalSteps.requestId, id)).orderBy(approvalSteps.seq)).map((s) => s.state)).toEqual(["approved", "skipped"]);
    expect(withdrawnLoans).toContainEqual([subjectId, "不再需要"]);
    expect((await auditOf(db, id)).at(-1)).toMatchObject({ action: "approval.withdrawn", data: { step: 2, approvedSteps: [1] } });
  });

  it("queues the completion that closes a to-do OA's items, as a decision does", async () => {
    const { db, archivist, approvalId, connectorId } = await submitted({ weaver: true });
    expect((await withdrawApproval(as(db, archivist.actor), { approvalId, source: "ui" })).ok).toBe(true);
    const messages = await db.select({ kind: oaOutbox.kind }).from(oaOutbox).where(and(eq(oaOutbox.connectorId, connectorId!), eq(oaOutbox.approvalId, approvalId)));
    expect(messages.map((m) => m.kind).sort()).toEqual(["complete", "create"]);
  });
});
