import { and, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { approvalDecisions, approvalRequests, auditEvents, filings, oaCallbacks, records } from "@/db/schema";
import { makeArchiveFonds, makeVoucher, filingDeps } from "@/db/test/archive-factories";
import { finishesOrWaitsFor, heldTransaction } from "@/db/test/concurrency";
import { contextFor } from "@/db/test/factories";
import { makeGenericOaConnector, mapOaUser } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { systemContext } from "@/lib/context";
import { submitFiling } from "@/lib/filing/submit-filing";
import { signGeneric } from "../adapters/generic";
import { receiveOaCallback } from "./receive-oa-callback";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

/** A submitted month of three vouchers in a fonds with a generic OA whose `oa-finance` is the approver. */
async function filingInOa() {
  const { db } = testDb();
  const { fonds, archivist, approver } = await makeArchiveFonds(db);
  for (const no of [1, 2, 3]) await makeVoucher(db, { fondsId: fonds.id, no });
  const submitted = await submitFiling(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await filingDeps(cleanups));
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
  const connector = await makeGenericOaConnector(db, fonds.id);
  await mapOaUser(db, connector.id, "oa-finance", approver.username);
  return { db, fonds, approver, connector, approvalId: submitted.value.approvalId!, recordIds: submitted.value.records.map((r) => r.id) };
}

function callback(secret: string, body: object, sentAt: Date) {
  const rawBody = JSON.stringify(body);
  const ts = String(Math.floor(sentAt.getTime() / 1000));
  return { method: "POST", url: "http://acta.test/cb", headers: { "x-acta-timestamp": ts, "x-acta-signature": signGeneric(secret, ts, rawBody) }, rawBody };
}

const decision = (approvalId: string, eventId: string, verdict: "approved" | "rejected") => ({
  eventId,
  type: "approval.decided",
  approvalId,
  decision: verdict,
  comment: "OA 中审批",
  decidedBy: "oa-finance",
  decidedAt: new Date().toISOString(),
});

describe("one truth between the OA and Acta's inbox", () => {
  it("files the records when the OA approves, with no one touching Acta; a repeated event changes nothing", async () => {
    const { db, connector, approvalId, recordIds } = await filingInOa();
    const now = new Date();
    const first = await receiveOaCallback(systemContext(db), { connectorId: connector.id, request: callback(connector.secret, decision(approvalId, "evt-1", "approved"), now) });
    expect(first).toMatchObject({ ok: true, value: { status: 200, body: '{"ok":true}' } });
    const [request] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.state).toBe("approved");
    const filed = await db.select({ state: records.state, code: records.archivalCode }).from(records).where(eq(records.id, recordIds[0]!));
    expect(filed[0]!.state).toBe("archived");
    expect(filed[0]!.code).toBeTruthy();
    const auditBefore = await db.select().from(auditEvents).where(eq(auditEvents.targetId, approvalId));
    expect(auditBefore.find((a) => a.action === "approval.decided")?.data).toMatchObject({ source: "oa", oaUserId: "oa-finance", externalEventId: "evt-1" });

    // The OA retries the same event, signed anew a few seconds later: success again, nothing changes.
    const repeat = await receiveOaCallback(systemContext(db), { connectorId: connector.id, request: callback(connector.secret, decision(approvalId, "evt-1", "approved"), new Date(now.getTime() + 3000)) });
    expect(repeat).toMatchObject({ ok: true, value: { status: 200 } });
    expect(await db.select().from(auditEvents).where(eq(auditEvents.targetId, approvalId))).toHaveLength(auditBefore.length);
    const outcomes = await db.select({ outcome: approvalDecisions.outcome }).from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["duplicate", "recorded"]);
    const logs = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connector.id));
    expect(logs.map((l) => l.outcome).sort()).toEqual(["duplicate", "recorded"]);
  });

  it("the inbox decides first: the OA's later rejection is recorded, refused, and answered with success so it stops retrying", async () => {
    const { db, approver, connector, approvalId, recordIds } = await filingInOa();
    const inbox = await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    expect(inbox).toMatchObject({ ok: true, value: { outcome: "recorded", state: "approved" } });
    const late = await receiveOaCallback(systemContext(db), { connectorId: connector.id, request: callback(connector.secret, decision(approvalId, "evt-late", "rejected"), new Date()) });
    expect(late).toMatchObject({ ok: true, value: { status: 200 } });
    const history = await db.select().from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId)).orderBy(approvalDecisions.createdAt);
    expect(history.map((d) => [d.source, d.decision, d.outcome, d.refusalCode])).toEqual([
      ["ui", "approve", "recorded", null],
      ["oa", "reject", "refused", "approval.already_decided"],
    ]);
    const [log] = await db.select().from(oaCallbacks).where(and(eq(oaCallbacks.connectorId, connector.id), eq(oaCallbacks.eventId, "evt-late")));
    expect(log!.outcome).toBe("refused:approval.already_decided");
    const [still] = await db.select({ state: records.state }).from(records).where(eq(records.id, recordIds[0]!));
    expect(still!.state).toBe("archived");
  });

  it("the OA decides first: the inbox's later decision is refused with who decided, and both are in the history", async () => {
    const { db, approver, connector, approvalId } = await filingInOa();
    expect((await receiveOaCallback(systemContext(db), { connectorId: connector.id, request: callback(connector.secret, decision(approvalId, "evt-r", "rejected"), new Date()) })).ok).toBe(true);
    const inbox = await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    expect(inbox).toMatchObject({ ok: false, error: { code: "approval.already_decided", params: { source: "oa", decision: "reject" } } });
    const [request] = await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.state).toBe("rejected");
    const history = await db.select().from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId)).orderBy(approvalDecisions.createdAt);
    expect(history.map((d) => [d.source, d.outcome])).toEqual([
      ["oa", "recorded"],
      ["ui", "refused"],
    ]);
  });

  it("the inbox and the OA decide at the same moment: the one that got there first wins, the other is recorded and refused, and the records are filed once", async () => {
    const { db, approver, connector, approvalId, recordIds } = await filingInOa();
    const inbox = await heldTransaction(db, (tx) => decideApproval({ ...contextFor(db, approver.actor), db: tx }, { approvalId, decision: "approve", source: "ui" }));
    const oa = receiveOaCallback(systemContext(db), { connectorId: connector.id, request: callback(connector.secret, decision(approvalId, "evt-same-moment", "rejected"), new Date()) });
    expect(await finishesOrWaitsFor(db, oa, inbox.pid)).toBe("waiting");
    inbox.release();
    expect(await inbox.done).toMatchObject({ ok: true, value: { outcome: "recorded", state: "approved" } });
    expect(await oa).toMatchObject({ ok: true, value: { status: 200 } });
    const history = await db.select().from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId)).orderBy(approvalDecisions.createdAt);
    expect(history.map((d) => [d.source, d.outcome])).toEqual([
      ["ui", "recorded"],
      ["oa", "refused"],
    ]);
    const [request] = await db.select({ state: approvalRequests.state, subjectId: approvalRequests.subjectId }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.state).toBe("approved");
    const filed = await db.select({ state: records.state, code: records.archivalCode }).from(records).where(inArray(records.id, recordIds));
    expect(filed).toHaveLength(3);
    expect(filed.every((r) => r.state === "archived" && r.code)).toBe(true);
    expect(new Set(filed.map((r) => r.code)).size).toBe(3);
    const [filing] = await db.select({ state: filings.state }).from(filings).where(eq(filings.id, request!.subjectId));
    expect(filing!.state).toBe("approved");
    const approvedEntries = await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, request!.subjectId), eq(auditEvents.action, "filing.approved")));
    expect(approvedEntries).toHaveLength(1);
  });

  it("the OA's decision is being recorded when the approver decides in the inbox: the inbox waits, then is refused with who decided", async () => {
    const { db, approver, connector, approvalId } = await filingInOa();
    const oa = await heldTransaction(db, (tx) =>
      receiveOaCallback({ ...systemContext(db), db: tx }, { connectorId: connector.id, request: callback(connector.secret, decision(approvalId, "evt-first", "rejected"), new Date()) }),
    );
    const inbox = decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    expect(await finishesOrWaitsFor(db, inbox, oa.pid)).toBe("waiting");
    oa.release();
    expect(await oa.done).toMatchObject({ ok: true, value: { status: 200 } });
    expect(await inbox).toMatchObject({ ok: false, error: { code: "approval.already_decided", params: { source: "oa", decision: "reject" } } });
    const [request] = await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.state).toBe("rejected");
  });
});
