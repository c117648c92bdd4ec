import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { approvalDecisions, approvalRequests, auditEvents, notifications } from "@/db/schema";
import { makeArchiveFonds } from "@/db/test/archive-factories";
import { contextFor, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import type { Actor } from "@/lib/context";
import { ok } from "@/lib/errors";
import { updateFondsFilingSettings } from "@/lib/rules/update-fonds-filing-settings";
import { createApprovalRequest } from "./create-approval-request";
import { decideApproval } from "./decide-approval";
import { getApproval } from "./get-approval";
import { DECIDED_PAGE_SIZE, listDecidedApprovals } from "./list-decided";
import { listInbox } from "./list-inbox";
import { listNotifications } from "./list-notifications";
import { markNotificationRead } from "./mark-notification-read";
import { registerApprovalKind } from "./registry";

// A two-step kind for these tests: the archivist, then the finance approver. Consequences are counted.
const consequences: { approved: string[]; rejected: [string, string | null][]; withdrawn: [string, string | null][] } = { approved: [], rejected: [], withdrawn: [] };
registerApprovalKind("transfer", {
  steps: () => ["archivist", "finance_approver"],
  onApproved: async (_tx, _ctx, request) => {
    consequences.approved.push(request.subjectId);
    return ok(null);
  },
  onRejected: async (_tx, _ctx, request, comment) => {
    consequences.rejected.push([request.subjectId, comment]);
    return ok(null);
  },
  onWithdrawn: async (_tx, _ctx, request, reason) => {
    consequences.withdrawn.push([request.subjectId, reason]);
    return ok(null);
  },
});

async function open(db: Db, requester: Actor, fondsId: string, kind: "transfer" = "transfer") {
  const subjectId = randomUUID();
  const r = await db.transaction((tx) => createApprovalRequest(tx, contextFor(db, requester), { fondsId, kind, subjectId, title: "移交 2023 年凭证" }));
  if (!r.ok) throw new Error(r.error.code);
  return { id: r.value.id, subjectId };
}

async function world(db: Db) {
  const base = await makeArchiveFonds(db);
  const requester = await makeUser(db, [{ role: "accountant", fondsId: base.fonds.id }]);
  return { ...base, requester };
}

// A decision is stamped with ctx.now() to the millisecond, and histories and the decided list are read in that
// order; two quick decisions in a row can share a millisecond. Decisions here take a clock that always moves on.
let lastTick = 0;
const ticking = () => new Date((lastTick = Math.max(Date.now(), lastTick + 1)));
const inTurn = (db: Db, actor: Actor | null) => contextFor(db, actor, ticking);
const decisionsOf = (db: Db, id: string) => db.select().from(approvalDecisions).where(eq(approvalDecisions.requestId, id)).orderBy(approvalDecisions.createdAt);
const auditOf = (db: Db, id: string) => db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.targetId, id)).orderBy(auditEvents.id);

describe("approval state machine", () => {
  it("refuses, and keeps on record, a requester deciding their own request unless the fonds allows it", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await world(db);
    const both = await makeUser(db, [
      { role: "accountant", fondsId: fonds.id },
      { role: "archivist", fondsId: fonds.id },
    ]);
    const { id } = await open(db, both.actor, fonds.id);
    // Not in their to-do list, and the page says why instead of offering the buttons.
    const inbox = await listInbox(contextFor(db, both.actor), { fondsId: fonds.id });
    expect(inbox.ok && inbox.value.map((i) => i.id)).toEqual([]);
    const view = await getApproval(contextFor(db, both.actor), { id });
    expect(view.ok && [view.value.canDecide, view.value.ownRequest]).toEqual([false, true]);

    expect(await decideApproval(inTurn(db, both.actor), { approvalId: id, decision: "approve", source: "ui" })).toMatchObject({ ok: false, error: { code: "approval.own_request" } });
    expect((await decisionsOf(db, id)).map((d) => [d.outcome, d.refusalCode])).toEqual([["refused", "approval.own_request"]]);
    expect((await auditOf(db, id)).map((a) => [a.action, a.data?.reason])).toEqual([
      ["approval.requested", undefined],
      ["approval.decision_refused", "approval.own_request"],
    ]);
    const [request] = await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, id));
    expect(request!.state).toBe("pending");
    // Someone else decides it as usual.
    expect(await decideApproval(inTurn(db, archivist.actor), { approvalId: id, decision: "approve", source: "ui" })).toMatchObject({ ok: true, value: { outcome: "recorded" } });

    // A one-person unit lets requesters decide their own requests.
    expect(await updateFondsFilingSettings(contextFor(db, archivist.actor), { fondsId: fonds.id, ownRequestsDecidable: true })).toMatchObject({ ok: true });
    const second = await open(db, both.actor, fonds.id);
    const allowed = await listInbox(contextFor(db, both.actor), { fondsId: fonds.id });
    expect(allowed.ok && allowed.value.map((i) => i.id)).toEqual([second.id]);
    expect(await decideApproval(inTurn(db, both.actor), { approvalId: second.id, decision: "approve", source: "ui" })).toMatchObject({ ok: true, value: { outcome: "recorded" } });
  });

  it("walks the steps in order, notifying each step's approvers and finally the requester", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver, requester } = await world(db);
    const { id, subjectId } = await open(db, requester.actor, fonds.id);
    const inbox = await listInbox(contextFor(db, archivist.actor), { fondsId: fonds.id });
    expect(inbox.ok && inbox.value.map((i) => i.id)).toEqual([id]);
    const notYet = await listInbox(contextFor(db, approver.actor), { fondsId: fonds.id });
    expect(notYet.ok && notYet.value).toEqual([]);
    // Step 2's approver cannot jump the queue.
    expect(await decideApproval(inTurn(db, approver.actor), { approvalId: id, decision: "approve", source: "ui" })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });

    expect(await decideApproval(inTurn(db, archivist.actor), { approvalId: id, decision: "approve", source: "ui" })).toEqual({ ok: true, value: { approvalId: id, state: "pending", outcome: "recorded" } });
    const nowApprover = await listInbox(contextFor(db, approver.actor), { fondsId: fonds.id });
    expect(nowApprover.ok && nowApprover.value.map((i) => [i.id, i.step.seq])).toEqual([[id, 2]]);
    const pending = await db.select().from(notifications).where(and(eq(notifications.userId, approver.id), eq(notifications.kind, "approval.notification.pending")));
    expect(pending).toHaveLength(1);

    expect(await decideApproval(inTurn(db, approver.actor), { approvalId: id, decision: "approve", comment: "同意", source: "ui" })).toEqual({ ok: true, value: { approvalId: id, state: "approved", outcome: "recorded" } });
    expect(consequences.approved).toContain(subjectId);
    const mine = await listNotifications(contextFor(db, requester.actor), { unreadOnly: true });
    expect(mine.ok && mine.value.map((n) => n.kind)).toEqual(["approval.notification.approved"]);
    expect((await auditOf(db, id)).map((a) => a.action)).toEqual(["approval.requested", "approval.decided", "approval.decided"]);
    const view = await getApproval(contextFor(db, requester.actor), { id });
    expect(view.ok && view.value.steps.map((s) => [s.seq, s.state])).toEqual([[1, "approved"], [2, "approved"]]);
  });

  it("treats a repeated decision as a no-op and refuses a conflicting one, keeping both in the history", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver, requester } = await world(db);
    const { id, subjectId } = await open(db, requester.actor, fonds.id);
    await decideApproval(inTurn(db, archivist.actor), { approvalId: id, decision: "approve", source: "ui" });
    await decideApproval(inTurn(db, approver.actor), { approvalId: id, decision: "reject", comment: "附件不全", source: "ui" });
    expect(consequences.rejected).toContainEqual([subjectId, "附件不全"]);
    const auditBefore = (await auditOf(db, id)).length;

    expect(await decideApproval(inTurn(db, approver.actor), { approvalId: id, decision: "reject", comment: "附件不全", source: "ui" })).toEqual({ ok: true, value: { approvalId: id, state: "rejected", outcome: "duplicate" } });
    expect((await auditOf(db, id)).length).toBe(auditBefore);

    const conflict = await decideApproval(inTurn(db, approver.actor), { approvalId: id, decision: "approve", source: "ui" });
    expect(conflict).toMatchObject({ ok: false, error: { code: "approval.already_decided", params: { by: approver.actor.displayName, source: "ui", decision: "reject" } } });
    const fromOa = await decideApproval(inTurn(db, null), { approvalId: id, decision: "reject", source: "oa", oaUserId: "ding-001" });
    expect(fromOa).toMatchObject({ ok: false, error: { code: "approval.already_decided" } });

    const history = await decisionsOf(db, id);
    expect(history.map((d) => [d.decision, d.source, d.outcome])).toEqual([
      ["approve", "ui", "recorded"],
      ["reject", "ui", "recorded"],
      ["reject", "ui", "duplicate"],
      ["approve", "ui", "refused"],
      ["reject", "oa", "refused"],
    ]);
    expect(history[3]!.refusalCode).toBe("approval.already_decided");
    const refusals = (await auditOf(db, id)).filter((a) => a.action === "approval.decision_refused");
    expect(refusals).toHaveLength(2);
    const [request] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
    expect(request!.state).toBe("rejected");
    const view = await getApproval(contextFor(db, archivist.actor), { id });
    expect(view.ok && view.value.decisions.map((d) => d.outcome)).toEqual(["recorded", "recorded", "duplicate", "refused", "refused"]);
    expect(view.ok && view.value.steps.map((s) => s.state)).toEqual(["approved", "rejected"]);
  });

  it("records an OA decision once: the system decides for the OA user, a replayed event is a duplicate", async () => {
    const { db } = testDb();
    const { fonds, archivist, requester } = await world(db);
    const { id } = await open(db, requester.actor, fonds.id);
    expect(await decideApproval(inTurn(db, null), { approvalId: id, decision: "approve", source: "oa" })).toMatchObject({ ok: false, error: { code: "approval.decider_required" } });
    const first = await decideApproval(inTurn(db, null), { approvalId: id, decision: "approve", source: "oa", oaUserId: "wx-zhang", externalEventId: "evt-1" });
    expect(first).toEqual({ ok: true, value: { approvalId: id, state: "pending", outcome: "recorded" } });
    const replay = await decideApproval(inTurn(db, null), { approvalId: id, decision: "approve", source: "oa", oaUserId: "wx-zhang", externalEventId: "evt-1" });
    expect(replay).toEqual({ ok: true, value: { approvalId: id, state: "pending", outcome: "duplicate" } });
    const history = await decisionsOf(db, id);
    expect(history.map((d) => [d.oaUserId, d.outcome])).toEqual([["wx-zhang", "recorded"], ["wx-zhang", "duplicate"]]);
    // The mapped Acta user may decide through the OA too.
    const mapped = await decideApproval(inTurn(db, archivist.actor), { approvalId: id, decision: "approve", source: "oa", externalEventId: "evt-2" });
    expect(mapped).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
  });

  it("takes simultaneous conflicting decisions one at a time: one is recorded, the other refused", async () => {
    const { db } = testDb();
    const { fonds, archivist, requester } = await world(db);
    const other = await makeUser(db, [{ role: "archivist", fondsId: fonds.id }]);
    const { id } = await open(db, requester.actor, fonds.id);
    const results = await Promise.all([
      decideApproval(inTurn(db, archivist.actor), { approvalId: id, decision: "reject", comment: "不同意", source: "ui" }),
      decideApproval(inTurn(db, other.actor), { approvalId: id, decision: "reject", comment: "不同意", source: "api" }),
    ]);
    const recorded = results.filter((r) => r.ok && r.value.outcome === "recorded");
    const refused = results.filter((r) => !r.ok && r.error.code === "approval.already_decided");
    expect([recorded.length, refused.length]).toEqual([1, 1]);
    const history = await decisionsOf(db, id);
    expect(history.map((d) => d.outcome).sort()).toEqual(["recorded", "refused"]);
  });

  it("changes nothing on bad input or for someone without the role", async () => {
    const { db } = testDb();
    const { fonds, requester } = await world(db);
    const outsider = await makeUser(db, [{ role: "auditor", fondsId: fonds.id }]);
    const { id } = await open(db, requester.actor, fonds.id);
    expect(await decideApproval(inTurn(db, requester.actor), { approvalId: id, decision: "maybe", source: "ui" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { decision: "validation.invalid_value" } } });
    expect(await decideApproval(inTurn(db, requester.actor), { approvalId: "nope", decision: "approve", source: "ui" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    // PostgreSQL text cannot hold a NUL: refused in words, not a server error.
    expect(await decideApproval(inTurn(db, requester.actor), { approvalId: id, decision: "approve", comment: "同意\u0000", source: "ui" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { comment: "validation.invalid_format" } } });
    expect(await decideApproval(inTurn(db, outsider.actor), { approvalId: id, decision: "approve", source: "ui" })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await decideApproval(inTurn(db, outsider.actor), { approvalId: randomUUID(), decision: "approve", source: "ui" })).toMatchObject({ ok: false, error: { code: "approval.not_found" } });
    expect(await decisionsOf(db, id)).toEqual([]);
    expect((await auditOf(db, id)).map((a) => a.action)).toEqual(["approval.requested"]);
    const other = await makeUser(db, []);
    expect(await getApproval(contextFor(db, other.actor), { id })).toMatchObject({ ok: false, error: { code: "approval.not_found" } });
  });

  it("lists ended requests for the fonds' approvers, newest first, with the decision that ended each, page by page", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver, requester } = await world(db);
    const other = await world(db);
    const approved = await open(db, requester.actor, fonds.id);
    const rejected = await open(db, requester.actor, fonds.id);
    const waiting = await open(db, requester.actor, fonds.id);
    const elsewhere = await open(db, other.requester.actor, other.fonds.id);
    const decide = (actor: Actor | null, approvalId: string, decision: "approve" | "reject", extra: Record<string, string> = {}) =>
      decideApproval(inTurn(db, actor), { approvalId, decision, source: actor ? "ui" : "oa", ...extra });
    for (const id of [approved.id, rejected.id, waiting.id]) expect((await decide(archivist.actor, id, "approve")).ok).toBe(true);
    expect((await decide(null, approved.id, "approve", { oaUserId: "wx-chen", externalEventId: "evt-9", comment: "同意" })).ok).toBe(true);
    expect((await decide(approver.actor, rejected.id, "reject", { comment: "附件不全" })).ok).toBe(true);
    expect((await decide(other.archivist.actor, elsewhere.id, "approve")).ok).toBe(true);
    expect((await decide(other.approver.actor, elsewhere.id, "approve")).ok).toBe(true);

    const listed = await listDecidedApprovals(contextFor(db, approver.actor), {});
    expect(listed.ok && listed.value.hasMore).toBe(false);
    expect(listed.ok && listed.value.items.map((i) => [i.id, i.state, i.decision])).toEqual([
      [rejected.id, "rejected", { decidedBy: approver.actor.displayName, source: "ui", comment: "附件不全" }],
      [approved.id, "approved", { decidedBy: "wx-chen", source: "oa", comment: "同意" }],
    ]);
    // Not an approver anywhere: nothing, not even this fonds' requests.
    expect(await listDecidedApprovals(contextFor(db, requester.actor), {})).toEqual({ ok: true, value: { items: [], page: 1, hasMore: false } });
    expect(await listDecidedApprovals(contextFor(db, approver.actor), { page: "0" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });

    const more = await Promise.all(Array.from({ length: DECIDED_PAGE_SIZE }, () => open(db, requester.actor, fonds.id)));
    for (const r of more) expect((await decide(archivist.actor, r.id, "reject")).ok).toBe(true);
    const first = await listDecidedApprovals(contextFor(db, approver.actor), { page: "1" });
    const second = await listDecidedApprovals(contextFor(db, approver.actor), { page: "2" });
    expect(first.ok && [first.value.items.length, first.value.hasMore]).toEqual([DECIDED_PAGE_SIZE, true]);
    expect(second.ok && second.value.items.map((i) => i.id)).toEqual([rejected.id, approved.id]);
  });

  it("marks the user's own notifications read, and only theirs", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver, requester } = await world(db);
    await open(db, requester.actor, fonds.id);
    const list = await listNotifications(contextFor(db, archivist.actor), {});
    if (!list.ok) throw new Error(list.error.code);
    const note = list.value[0]!;
    expect(await markNotificationRead(contextFor(db, approver.actor), { id: note.id })).toMatchObject({ ok: false, error: { code: "approval.notification_not_found" } });
    expect(await markNotificationRead(contextFor(db, archivist.actor), { id: note.id })).toEqual({ ok: true, value: { marked: 1 } });
    const unread = await listNotifications(contextFor(db, archivist.actor), { unreadOnly: true });
    expect(unread.ok && unread.value).toEqual([]);
    const entries = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "notification.read"), eq(auditEvents.targetId, archivist.id)));
    expect(entries).toHaveLength(1);
  });
});
