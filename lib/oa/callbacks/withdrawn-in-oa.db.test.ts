import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { approvalDecisions, approvalRequests, auditEvents, notifications, oaCallbacks, oaConnectors, oaOutbox, records } from "@/db/schema";
import { makeArchiveFonds, makeVoucher, filingDeps } from "@/db/test/archive-factories";
import { contextFor } from "@/db/test/factories";
import { mapOaUser } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { getApproval } from "@/lib/approvals/get-approval";
import { systemContext } from "@/lib/context";
import { submitFiling } from "@/lib/filing/submit-filing";
import { prepareQueues } from "@/lib/jobs/worker";
import { fixedRandom } from "../__fixtures__/test-kit";
import { signGeneric } from "../adapters/generic";
import { createOaConnector } from "../connectors/create-oa-connector";
import { wxEncrypt, wxSignature } from "../crypto/wx-aes";
import type { CallbackRequest } from "../types";
import { receiveOaCallback } from "./receive-oa-callback";

const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => prepareQueues(inject("databaseUrl")));
afterAll(async () => Promise.all(cleanups.map((c) => c())));

const HMAC = "generic-callback-secret-0123456789";
const WX = { token: "tok", aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C" };
const settings = {
  generic: { config: {}, secrets: { hmacSecret: HMAC } },
  dingtalk: { config: { ownerKey: "dingcorp0001", appKey: "dingapp", processCode: "PROC-ACTA" }, secrets: { ...WX, appSecret: "app-secret" } },
  wecom: {
    config: { corpId: "wwcorp", templateId: "tpl-archive", controls: { title: "c1", summary: "c2", fondsName: "c3", detailUrl: "c4" } },
    secrets: { ...WX, corpSecret: "corp-secret" },
  },
  feishu: {
    config: { appId: "cli_acta", approvalCode: "APPROVAL-ACTA", widgets: { title: "w1", summary: "w2", fondsName: "w3", detailUrl: "w4" } },
    secrets: { appSecret: "app-secret", verificationToken: "verification-token" },
  },
} as const;
type Kind = keyof typeof settings;

/**
 * A filing submitted by the archivist (OA account `oa-archivist`) in a fonds with an OA connector of `kind`,
 * whose create went out and got back the OA's instance id `INST-1`.
 */
async function submittedToOa(kind: Kind) {
  const { db } = testDb();
  const { fonds, archivist, approver } = await makeArchiveFonds(db);
  const created = await createOaConnector(systemContext(db), { fondsId: fonds.id, kind, name: `OA ${kind}`, baseUrl: "http://127.0.0.1:9", ...settings[kind] });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const connectorId = created.value.connector.id;
  await mapOaUser(db, connectorId, "oa-archivist", archivist.username);
  for (const no of [1, 2]) await makeVoucher(db, { fondsId: fonds.id, no });
  const submitted = await submitFiling(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await filingDeps(cleanups));
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
  const approvalId = submitted.value.approvalId!;
  await db.update(oaOutbox).set({ state: "sent", externalId: "INST-1", sentAt: new Date() }).where(and(eq(oaOutbox.connectorId, connectorId), eq(oaOutbox.approvalId, approvalId)));
  return { db, archivist, approver, connectorId, approvalId, recordIds: submitted.value.records.map((r) => r.id) };
}

const nonce = () => randomBytes(6).toString("hex");

/** Each OA's withdrawal event for instance INST-1, signed (and encrypted) the way that OA does it. */
const withdrawal: Record<Kind, (approvalId: string) => CallbackRequest> = {
  generic: (approvalId) => {
    const rawBody = JSON.stringify({ eventId: "w-1", type: "approval.withdrawn", approvalId, withdrawnBy: "oa-archivist", withdrawnAt: new Date().toISOString(), reason: "月份选错" });
    const ts = String(Math.floor(Date.now() / 1000));
    return { method: "POST", url: "http://acta.test/cb", headers: { "x-acta-timestamp": ts, "x-acta-signature": signGeneric(HMAC, ts, rawBody) }, rawBody };
  },
  dingtalk: () => {
    const event = { EventType: "bpms_instance_change", processInstanceId: "INST-1", type: "terminate", staffId: "oa-archivist", processCode: "PROC-ACTA", finishTime: Date.now() };
    const encrypt = wxEncrypt(WX.aesKey, JSON.stringify(event), "dingcorp0001", fixedRandom);
    const ts = String(Date.now());
    const n = nonce();
    return { method: "POST", url: `http://acta.test/cb?msg_signature=${wxSignature(WX.token, ts, n, encrypt)}&timeStamp=${ts}&nonce=${n}`, headers: {}, rawBody: JSON.stringify({ encrypt }) };
  },
  wecom: () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const inner = `<xml><CreateTime>${ts}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[sys_approval_change]]></Event><ApprovalInfo><SpNo>INST-1</SpNo><SpStatus>4</SpStatus><TemplateId><![CDATA[tpl-archive]]></TemplateId><Applyer><UserId><![CDATA[oa-archivist]]></UserId></Applyer></ApprovalInfo></xml>`;
    const encrypt = wxEncrypt(WX.aesKey, inner, "wwcorp", fixedRandom);
    const n = nonce();
    return { method: "POST", url: `http://acta.test/cb?msg_signature=${wxSignature(WX.token, ts, n, encrypt)}&timestamp=${ts}&nonce=${n}`, headers: {}, rawBody: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
  },
  feishu: () => {
    const event = { type: "approval_instance", app_id: "cli_acta", approval_code: "APPROVAL-ACTA", instance_code: "INST-1", status: "CANCELED", operate_time: String(Date.now()) };
    return { method: "POST", url: "http://acta.test/cb", headers: {}, rawBody: JSON.stringify({ uuid: "fs-evt-1", token: "verification-token", ts: String(Math.floor(Date.now() / 1000)), type: "event_callback", event }) };
  },
};

describe("a withdrawal in the OA withdraws the request in Acta", () => {
  it.each(["generic", "dingtalk", "wecom", "feishu"] as const)("%s: withdrawn once, records back to collected, logged; a redelivery is a no-op", async (kind) => {
    const { db, archivist, connectorId, approvalId, recordIds } = await submittedToOa(kind);
    const first = await receiveOaCallback(systemContext(db), { connectorId, request: withdrawal[kind](approvalId) });
    expect(first.ok).toBe(true);
    const [request] = await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.state).toBe("cancelled");
    expect((await db.select({ state: records.state }).from(records).where(inArray(records.id, recordIds))).every((r) => r.state === "collected")).toBe(true);
    const [recorded] = await db.select().from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId));
    // The applicant's mapped account withdraws as its Acta user; Feishu names no one, so the OA itself does.
    if (kind === "feishu") expect(recorded).toMatchObject({ decision: "withdraw", source: "oa", outcome: "recorded", actorId: null, oaUserId: `oa:${connectorId}` });
    else expect(recorded).toMatchObject({ decision: "withdraw", source: "oa", outcome: "recorded", actorId: archivist.id, oaUserId: "oa-archivist" });
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.targetId, approvalId), eq(auditEvents.action, "approval.withdrawn")));
    expect(audit).toHaveLength(1);

    // The OA delivers the same event again (signed anew): success, nothing changes.
    const again = await receiveOaCallback(systemContext(db), { connectorId, request: withdrawal[kind](approvalId) });
    expect(again.ok).toBe(true);
    const logs = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connectorId)).orderBy(oaCallbacks.receivedAt);
    expect(logs.map((l) => l.outcome)).toEqual(["withdrawn", "duplicate"]);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, approvalId), eq(auditEvents.action, "approval.withdrawn")))).toHaveLength(1);
  });

  it("generic: an OA decision after the withdrawal is refused, answered with success, and kept in the history", async () => {
    const { db, connectorId, approvalId } = await submittedToOa("generic");
    expect((await receiveOaCallback(systemContext(db), { connectorId, request: withdrawal.generic(approvalId) })).ok).toBe(true);
    const rawBody = JSON.stringify({ eventId: "d-1", type: "approval.decided", approvalId, decision: "approved", decidedBy: "oa-finance", decidedAt: new Date().toISOString() });
    const ts = String(Math.floor(Date.now() / 1000));
    const late = await receiveOaCallback(systemContext(db), { connectorId, request: { method: "POST", url: "http://acta.test/cb", headers: { "x-acta-timestamp": ts, "x-acta-signature": signGeneric(HMAC, ts, rawBody) }, rawBody } });
    expect(late).toMatchObject({ ok: true, value: { status: 200 } });
    const history = await db.select().from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId)).orderBy(approvalDecisions.createdAt);
    expect(history.map((d) => [d.decision, d.outcome, d.refusalCode])).toEqual([
      ["withdraw", "recorded", null],
      ["approve", "refused", "approval.withdrawn"],
    ]);
    const [log] = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(and(eq(oaCallbacks.connectorId, connectorId), eq(oaCallbacks.eventId, "d-1")));
    expect(log!.outcome).toBe("refused:approval.withdrawn");
  });
});

/** Each OA's "revoked after approval" event for instance INST-1 (WeCom SpStatus 6 通过后撤销, Feishu REVERTED). */
const revocation: Record<"generic" | "wecom" | "feishu", (approvalId: string, eventId?: string) => CallbackRequest> = {
  generic: (approvalId, eventId = "r-1") => {
    const rawBody = JSON.stringify({ eventId, type: "approval.revoked", approvalId, revokedBy: "oa-archivist", revokedAt: new Date().toISOString(), reason: "凭证有误" });
    const ts = String(Math.floor(Date.now() / 1000));
    return { method: "POST", url: "http://acta.test/cb", headers: { "x-acta-timestamp": ts, "x-acta-signature": signGeneric(HMAC, ts, rawBody) }, rawBody };
  },
  wecom: () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const inner = `<xml><CreateTime>${ts}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[sys_approval_change]]></Event><ApprovalInfo><SpNo>INST-1</SpNo><SpStatus>6</SpStatus><TemplateId><![CDATA[tpl-archive]]></TemplateId><Applyer><UserId><![CDATA[oa-archivist]]></UserId></Applyer></ApprovalInfo></xml>`;
    const encrypt = wxEncrypt(WX.aesKey, inner, "wwcorp", fixedRandom);
    const n = nonce();
    return { method: "POST", url: `http://acta.test/cb?msg_signature=${wxSignature(WX.token, ts, n, encrypt)}&timestamp=${ts}&nonce=${n}`, headers: {}, rawBody: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
  },
  feishu: (_approvalId, eventId = "fs-evt-r1") => {
    const event = { type: "approval_instance", app_id: "cli_acta", approval_code: "APPROVAL-ACTA", instance_code: "INST-1", status: "REVERTED", operate_time: Date.now() };
    return { method: "POST", url: "http://acta.test/cb", headers: {}, rawBody: JSON.stringify({ uuid: eventId, token: "verification-token", ts: String(Math.floor(Date.now() / 1000)), type: "event_callback", event }) };
  },
};

describe("a revocation after approval in the OA is made heard, and unfiles nothing", () => {
  it.each(["generic", "wecom", "feishu"] as const)("%s: the filing stays approved, the archivists are told once, audited, logged; a redelivery is a no-op", async (kind) => {
    const { db, archivist, approver, connectorId, approvalId, recordIds } = await submittedToOa(kind);
    const approved = await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    expect(approved.ok).toBe(true);
    const filedStates = async () => (await db.select({ state: records.state }).from(records).where(inArray(records.id, recordIds))).map((r) => r.state);
    const filed = await filedStates();
    expect(filed.every((state) => state === "archived")).toBe(true);

    const first = await receiveOaCallback(systemContext(db), { connectorId, request: revocation[kind](approvalId) });
    expect(first).toMatchObject({ ok: true, value: { status: 200 } });
    const [request] = await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.state).toBe("approved");
    expect(await filedStates()).toEqual(filed);

    const told = await db.select().from(notifications).where(and(eq(notifications.userId, archivist.id), eq(notifications.kind, "approval.notification.revoked_in_oa")));
    expect(told).toHaveLength(1);
    expect(told[0]!.link).toBe(`/approvals/${approvalId}`);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, approvalId), eq(auditEvents.action, "approval.revoked_in_oa")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ kind: "filing", state: "approved", oaUserId: kind === "feishu" ? `oa:${connectorId}` : "oa-archivist" });
    // People read who revoked it by name: the mapped colleague, or the OA itself when it names no one (Feishu).
    const [connector] = await db.select({ name: oaConnectors.name }).from(oaConnectors).where(eq(oaConnectors.id, connectorId));
    const by = kind === "feishu" ? connector!.name : archivist.actor.displayName;
    expect(told[0]!.params).toMatchObject({ by, hasReason: kind === "generic" ? "yes" : "no" });
    // The approval the notice links to says so.
    const shown = await getApproval(contextFor(db, archivist.actor), { id: approvalId });
    expect(shown).toMatchObject({ ok: true, value: { state: "approved", revokedInOa: { by, at: expect.any(String) } } });

    // Delivered again (signed anew); for Feishu also as a new event: the same revocation, told once.
    const again = await receiveOaCallback(systemContext(db), { connectorId, request: revocation[kind](approvalId) });
    expect(again).toMatchObject({ ok: true, value: { status: 200 } });
    if (kind === "feishu") expect((await receiveOaCallback(systemContext(db), { connectorId, request: revocation.feishu(approvalId, "fs-evt-r2") })).ok).toBe(true);
    const logs = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connectorId)).orderBy(oaCallbacks.receivedAt);
    expect(logs.map((l) => l.outcome)).toEqual(kind === "feishu" ? ["revoked_in_oa", "duplicate", "duplicate"] : ["revoked_in_oa", "duplicate"]);
    expect(await db.select().from(notifications).where(and(eq(notifications.kind, "approval.notification.revoked_in_oa"), eq(notifications.link, `/approvals/${approvalId}`)))).toHaveLength(1);
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, approvalId), eq(auditEvents.action, "approval.revoked_in_oa")))).toHaveLength(1);
  });

  it("generic: a revocation of a request Acta has not seen approved is retried by the OA; of a returned one, refused and kept", async () => {
    const { db, approver, connectorId, approvalId } = await submittedToOa("generic");
    // Still pending: the OA's approval has not reached Acta yet, so the OA is asked to come again.
    const early = await receiveOaCallback(systemContext(db), { connectorId, request: revocation.generic(approvalId, "r-early") });
    expect(early).toMatchObject({ ok: false, error: { code: "approval.not_approved" } });
    expect((await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "reject", comment: "退回", source: "ui" })).ok).toBe(true);
    const late = await receiveOaCallback(systemContext(db), { connectorId, request: revocation.generic(approvalId, "r-late") });
    expect(late).toMatchObject({ ok: true, value: { status: 200 } });
    const logs = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connectorId)).orderBy(oaCallbacks.receivedAt);
    expect(logs.map((l) => l.outcome)).toEqual(["failed:approval.not_approved", "refused:approval.already_decided"]);
    expect(await db.select().from(notifications).where(and(eq(notifications.kind, "approval.notification.revoked_in_oa"), eq(notifications.link, `/approvals/${approvalId}`)))).toHaveLength(0);
  });
});
