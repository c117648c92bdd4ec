import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { approvalDecisions, approvalRequests, approvalSteps, auditEvents, oaCallbacks, oaConnectors, oaOutbox, users } from "@/db/schema";
import { makeBarePendingApproval, makeGenericOaConnector, mapOaUser } from "@/db/test/oa-factories";
import { makeFonds, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { signGeneric } from "../adapters/generic";
import { forgetOaRuntime } from "../connectors/load-oa-runtime";
import { receiveOaCallback } from "./receive-oa-callback";

const NOW = new Date("2026-03-02T03:00:00Z");
const at = (d: Date) => ({ ...systemContext(testDb().db), now: () => d });

function signed(secret: string, body: object, sentAt = NOW) {
  const rawBody = JSON.stringify(body);
  const ts = String(Math.floor(sentAt.getTime() / 1000));
  return {
    method: "POST",
    url: "http://acta.test/api/connectors/oa/x/callback",
    headers: { "content-type": "application/json", "x-acta-timestamp": ts, "x-acta-signature": signGeneric(secret, ts, rawBody), cookie: "authjs.session-token=should-not-be-logged" },
    rawBody,
  };
}

const decided = (approvalId: string, eventId: string) => ({
  eventId,
  type: "approval.decided",
  approvalId,
  decision: "approved",
  decidedBy: "oa-lisi",
  decidedAt: NOW.toISOString(),
});

async function setup() {
  const { db } = testDb();
  const f = await makeFonds(db);
  const requester = await makeUser(db, [{ role: "archivist", fondsId: f.id }]);
  const connector = await makeGenericOaConnector(db, f.id);
  const approvalId = await makeBarePendingApproval(db, f.id, requester.id);
  return { db, f, connector, approvalId };
}

async function unchanged(db: ReturnType<typeof testDb>["db"], approvalId: string) {
  const [request] = await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
  const decisions = await db.select().from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId));
  const audit = await db.select().from(auditEvents).where(eq(auditEvents.targetId, approvalId));
  return request?.state === "pending" && decisions.length === 0 && audit.length === 0;
}

describe("inbound OA callbacks", () => {
  it("refuses a forged callback with 401, changes nothing and logs it without secrets", async () => {
    const { db, connector, approvalId } = await setup();
    const r = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed("a-forger-guessing-the-secret-000000", decided(approvalId, "evt-forged")) });
    expect(r).toMatchObject({ ok: false, error: { code: "oa.bad_signature" } });
    expect(await unchanged(db, approvalId)).toBe(true);
    const [log] = await db.select().from(oaCallbacks).where(eq(oaCallbacks.connectorId, connector.id));
    expect(log).toMatchObject({ verification: "oa.bad_signature", outcome: "rejected", httpStatus: 401, eventId: null });
    expect(log!.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(log!.headers).not.toHaveProperty("cookie");
    expect(log!.headers).toHaveProperty("x-acta-timestamp");
  });

  it("refuses an unsigned callback as a forgery: 401, logged, nothing changed", async () => {
    const { db, connector, approvalId } = await setup();
    const request = signed(connector.secret, decided(approvalId, "evt-unsigned"));
    const { "x-acta-signature": _dropped, ...headers } = request.headers;
    const r = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: { ...request, headers } });
    expect(r).toMatchObject({ ok: false, error: { code: "oa.unsigned" } });
    const [log] = await db.select().from(oaCallbacks).where(eq(oaCallbacks.connectorId, connector.id));
    expect(log).toMatchObject({ verification: "oa.unsigned", outcome: "rejected", httpStatus: 401 });
    expect(await unchanged(db, approvalId)).toBe(true);
  });

  it("keeps a callback to a deactivated or broken connector in its log too; one to no connector at all has no log to go to", async () => {
    const { db, connector, approvalId } = await setup();
    await db.update(oaConnectors).set({ isActive: false }).where(eq(oaConnectors.id, connector.id));
    forgetOaRuntime(connector.id);
    const r = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, decided(approvalId, "evt-inactive")) });
    expect(r).toMatchObject({ ok: false, error: { code: "oa.connector_not_found" } });
    await db.update(oaConnectors).set({ isActive: true, secretsEncrypted: "not-a-sealed-box" }).where(eq(oaConnectors.id, connector.id));
    forgetOaRuntime(connector.id);
    const broken = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, decided(approvalId, "evt-broken")) });
    expect(broken).toMatchObject({ ok: false, error: { code: "oa.secrets_unreadable" } });
    // Both were received at the test's fixed NOW: ordered by status, which differs.
    const logs = await db.select().from(oaCallbacks).where(eq(oaCallbacks.connectorId, connector.id)).orderBy(oaCallbacks.httpStatus);
    expect(logs.map((l) => [l.verification, l.outcome, l.httpStatus, l.headers.cookie])).toEqual([
      ["oa.connector_not_found", "rejected", 404, undefined],
      ["oa.secrets_unreadable", "rejected", 503, undefined],
    ]);
    const nowhere = await receiveOaCallback(at(NOW), { connectorId: crypto.randomUUID(), request: signed(connector.secret, decided(approvalId, "evt-nowhere")) });
    expect(nowhere).toMatchObject({ ok: false, error: { code: "oa.connector_not_found" } });
    expect(await unchanged(db, approvalId)).toBe(true);
  });

  it("refuses a callback signed more than five minutes ago", async () => {
    const { db, connector, approvalId } = await setup();
    const old = new Date(NOW.getTime() - 5 * 60_000 - 1000);
    const r = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, decided(approvalId, "evt-old"), old) });
    expect(r).toMatchObject({ ok: false, error: { code: "oa.expired" } });
    expect(await unchanged(db, approvalId)).toBe(true);
  });

  it("refuses an unreadable body with 400 and an unknown connector with 404", async () => {
    const { db, connector, approvalId } = await setup();
    const bad = signed(connector.secret, {});
    const r = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: { ...bad, rawBody: "not json", headers: { ...bad.headers, "x-acta-signature": signGeneric(connector.secret, bad.headers["x-acta-timestamp"], "not json") } } });
    expect(r).toMatchObject({ ok: false, error: { code: "oa.malformed" } });
    const [log] = await db.select().from(oaCallbacks).where(eq(oaCallbacks.connectorId, connector.id));
    expect(log).toMatchObject({ outcome: "rejected", httpStatus: 400 });
    const unknown = await receiveOaCallback(at(NOW), { connectorId: crypto.randomUUID(), request: signed(connector.secret, decided(approvalId, "evt-x")) });
    expect(unknown).toMatchObject({ ok: false, error: { code: "oa.connector_not_found" } });
    expect(await unchanged(db, approvalId)).toBe(true);
  });

  it("answers 404 for an approval it does not know yet, so the OA retries", async () => {
    const { db, connector } = await setup();
    const r = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, decided(crypto.randomUUID(), "evt-unknown")) });
    expect(r).toMatchObject({ ok: false, error: { code: "oa.approval_not_found" } });
    const [log] = await db.select().from(oaCallbacks).where(and(eq(oaCallbacks.connectorId, connector.id), eq(oaCallbacks.eventId, "evt-unknown")));
    expect(log).toMatchObject({ outcome: "unknown_approval", httpStatus: 404 });
  });

  it("a request answered 404 (retry later) may come again unchanged: only a handled request uses up its signature", async () => {
    const { db, connector, approvalId } = await setup();
    await db.insert(approvalSteps).values({ requestId: approvalId, seq: 2, role: "archivist", state: "waiting" });
    const byRef = { eventId: "evt-early", type: "approval.decided", externalId: "inst-late", decision: "approved", decidedBy: "oa-lisi", decidedAt: NOW.toISOString() };
    const request = signed(connector.secret, byRef);
    expect(await receiveOaCallback(at(NOW), { connectorId: connector.id, request })).toMatchObject({ ok: false, error: { code: "oa.approval_not_found" } });
    // The outbox stores the OA's id a moment later; the OA (or a vendor's retry) sends the very same request.
    await db.insert(oaOutbox).values({ connectorId: connector.id, approvalId, kind: "create", state: "sent", externalId: "inst-late" });
    const later = at(new Date(NOW.getTime() + 20_000));
    expect(await receiveOaCallback(later, { connectorId: connector.id, request })).toMatchObject({ ok: true, value: { status: 200 } });
    const steps = await db.select({ seq: approvalSteps.seq, state: approvalSteps.state }).from(approvalSteps).where(eq(approvalSteps.requestId, approvalId)).orderBy(approvalSteps.seq);
    expect(steps).toEqual([{ seq: 1, state: "approved" }, { seq: 2, state: "pending" }]);
    // Once handled, the same bytes are a replay.
    expect(await receiveOaCallback(later, { connectorId: connector.id, request })).toMatchObject({ ok: false, error: { code: "oa.replayed" } });
  });

  it("logs the status the route answers when a verified decision fails validation: 422, not a conflict", async () => {
    const { db, connector, approvalId } = await setup();
    // A blank event id passes the envelope's length check but not the decision's (it is trimmed there).
    const r = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, decided(approvalId, "   ")) });
    expect(r).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    const [log] = await db.select().from(oaCallbacks).where(and(eq(oaCallbacks.connectorId, connector.id), eq(oaCallbacks.eventId, "   ")));
    expect(log).toMatchObject({ outcome: "failed:validation.invalid_input", httpStatus: 422 });
    expect(await unchanged(db, approvalId)).toBe(true);
  });

  it("keeps the OA's decidedAt, in UTC, with the decision's audit entry (the OA may report it hours later)", async () => {
    const { db, connector, approvalId } = await setup();
    // A second step keeps the request open, so the bare approval's kind has no consequence to run.
    await db.insert(approvalSteps).values({ requestId: approvalId, seq: 2, role: "archivist", state: "waiting" });
    const body = { ...decided(approvalId, "evt-dated"), decidedAt: "2026-03-02T08:15:00+08:00" };
    expect(await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, body) })).toMatchObject({ ok: true });
    const [entry] = await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, approvalId), eq(auditEvents.action, "approval.decided")));
    expect(entry?.data).toMatchObject({ source: "oa", oaDecidedAt: "2026-03-02T00:15:00.000Z" });
    // Once the request has ended, a conflicting decision is refused; its own OA time is kept beside the refusal.
    await db.update(approvalRequests).set({ state: "approved" }).where(eq(approvalRequests.id, approvalId));
    const late = { ...decided(approvalId, "evt-dated-2"), decision: "rejected", decidedAt: "2026-03-02T09:00:00+08:00" };
    expect(await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, late) })).toMatchObject({ ok: true });
    const [refused] = await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, approvalId), eq(auditEvents.action, "approval.decision_refused")));
    expect(refused?.data).toMatchObject({ oaDecidedAt: "2026-03-02T01:00:00.000Z" });
  });

  it("acknowledges and ignores event types that decide nothing", async () => {
    const { db, connector, approvalId } = await setup();
    const r = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, { eventId: "evt-ping", type: "ping" }) });
    expect(r).toMatchObject({ ok: true, value: { status: 200, body: '{"ok":true}' } });
    expect(await unchanged(db, approvalId)).toBe(true);
  });

  it("a replayed request (same signed bytes) is refused with 401 even though the first was accepted", async () => {
    const { db, connector } = await setup();
    const request = signed(connector.secret, { eventId: "evt-replay", type: "ping" });
    expect((await receiveOaCallback(at(NOW), { connectorId: connector.id, request })).ok).toBe(true);
    const again = await receiveOaCallback(at(new Date(NOW.getTime() + 30_000)), { connectorId: connector.id, request });
    expect(again).toMatchObject({ ok: false, error: { code: "oa.replayed" } });
    const logs = await db.select({ outcome: oaCallbacks.outcome, httpStatus: oaCallbacks.httpStatus }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connector.id));
    expect(logs.map((l) => `${l.outcome}:${l.httpStatus}`).sort()).toEqual(["ignored:type:ping:200", "replayed:401"]);
  });

  it("a redelivered event is a no-op even after its step passed to a role the OA user does not hold", async () => {
    const { db, f, connector, approvalId } = await setup();
    // A second step for the archive: the OA's finance user approves the first and cannot decide the second.
    await db.insert(approvalSteps).values({ requestId: approvalId, seq: 2, role: "archivist", state: "waiting" });
    const finance = await makeUser(db, [{ role: "finance_approver", fondsId: f.id }]);
    await mapOaUser(db, connector.id, "oa-lisi", finance.username);
    const first = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, decided(approvalId, "evt-twice")) });
    expect(first.ok).toBe(true);
    // The OA retries with a fresh signature a second later: a redelivery, not a replay.
    const later = new Date(NOW.getTime() + 1000);
    const again = await receiveOaCallback(at(later), { connectorId: connector.id, request: signed(connector.secret, decided(approvalId, "evt-twice"), later) });
    expect(again).toMatchObject({ ok: true, value: { status: 200 } });
    const decisions = await db.select({ outcome: approvalDecisions.outcome }).from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId));
    expect(decisions.map((d) => d.outcome).sort()).toEqual(["duplicate", "recorded"]);
    const steps = await db.select({ seq: approvalSteps.seq, state: approvalSteps.state }).from(approvalSteps).where(eq(approvalSteps.requestId, approvalId)).orderBy(approvalSteps.seq);
    expect(steps).toEqual([{ seq: 1, state: "approved" }, { seq: 2, state: "pending" }]);
    const logs = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connector.id));
    expect(logs.map((l) => l.outcome).sort()).toEqual(["duplicate", "recorded"]);
  });

  it("answers 404 for an approval of another fonds, whose id the OA should never have", async () => {
    const { db, connector } = await setup();
    const other = await makeFonds(db);
    const stranger = await makeUser(db, [{ role: "archivist", fondsId: other.id }]);
    const foreign = await makeBarePendingApproval(db, other.id, stranger.id);
    const result = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, decided(foreign, "evt-foreign")) });
    expect(result).toMatchObject({ ok: false, error: { code: "oa.approval_not_found" } });
    expect(await unchanged(db, foreign)).toBe(true);
  });

  it("two copies of one signed request racing each other decide once: the later is refused and undone", async () => {
    const { db, f, connector, approvalId } = await setup();
    await db.insert(approvalSteps).values({ requestId: approvalId, seq: 2, role: "archivist", state: "waiting" });
    const finance = await makeUser(db, [{ role: "finance_approver", fondsId: f.id }]);
    await mapOaUser(db, connector.id, "oa-lisi", finance.username);
    const request = signed(connector.secret, decided(approvalId, "evt-race"));
    const results = await Promise.all([0, 1].map(() => receiveOaCallback(at(NOW), { connectorId: connector.id, request })));
    expect(results.map((r) => (r.ok ? "ok" : r.error.code)).sort()).toEqual(["oa.replayed", "ok"]);
    const decisions = await db.select({ outcome: approvalDecisions.outcome }).from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId));
    expect(decisions.map((d) => d.outcome)).toEqual(["recorded"]);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, approvalId), eq(auditEvents.action, "approval.decided")));
    expect(audit).toHaveLength(1);
  });

  it("an OA account mapped to a deactivated user cannot decide: the OA does not vouch for it as an unmapped one", async () => {
    const { db, f, connector, approvalId } = await setup();
    await db.insert(approvalSteps).values({ requestId: approvalId, seq: 2, role: "archivist", state: "waiting" });
    const finance = await makeUser(db, [{ role: "finance_approver", fondsId: f.id }]);
    await mapOaUser(db, connector.id, "oa-lisi", finance.username);
    await db.update(users).set({ isActive: false }).where(eq(users.id, finance.id));
    const r = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, decided(approvalId, "evt-deactivated")) });
    expect(r).toMatchObject({ ok: true, value: { status: 200 } });
    const steps = await db.select({ seq: approvalSteps.seq, state: approvalSteps.state }).from(approvalSteps).where(eq(approvalSteps.requestId, approvalId)).orderBy(approvalSteps.seq);
    expect(steps).toEqual([{ seq: 1, state: "pending" }, { seq: 2, state: "waiting" }]);
    const recorded = await db.select().from(approvalDecisions).where(and(eq(approvalDecisions.requestId, approvalId), eq(approvalDecisions.outcome, "recorded")));
    expect(recorded).toHaveLength(0);
    const [log] = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connector.id));
    expect(log?.outcome).toBe("refused:auth.forbidden");
  });

  it("finds an approval by the id this connector's OA gave it, even when a second OA of the fonds was sent it later", async () => {
    const { db, f, connector, approvalId } = await setup();
    await db.insert(approvalSteps).values({ requestId: approvalId, seq: 2, role: "archivist", state: "waiting" });
    const second = await makeGenericOaConnector(db, f.id);
    // Both OAs were sent the request; the second delivery was the last to write its id on the request.
    await db.insert(oaOutbox).values([
      { connectorId: connector.id, approvalId, kind: "create", state: "sent", externalId: "inst-first" },
      { connectorId: second.id, approvalId, kind: "create", state: "sent", externalId: "inst-second" },
    ]);
    await db.update(approvalRequests).set({ externalRef: "inst-second" }).where(eq(approvalRequests.id, approvalId));
    const byRef = (externalId: string, eventId: string) => ({ eventId, type: "approval.decided", externalId, decision: "approved", decidedBy: "oa-lisi", decidedAt: NOW.toISOString() });
    // One OA cannot decide through the id another OA gave the request.
    const crossed = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, byRef("inst-second", "evt-crossed")) });
    expect(crossed).toMatchObject({ ok: false, error: { code: "oa.approval_not_found" } });
    const own = await receiveOaCallback(at(NOW), { connectorId: connector.id, request: signed(connector.secret, byRef("inst-first", "evt-own")) });
    expect(own).toMatchObject({ ok: true, value: { status: 200 } });
    const steps = await db.select({ seq: approvalSteps.seq, state: approvalSteps.state }).from(approvalSteps).where(eq(approvalSteps.requestId, approvalId)).orderBy(approvalSteps.seq);
    expect(steps).toEqual([{ seq: 1, state: "approved" }, { seq: 2, state: "pending" }]);
  });
});
