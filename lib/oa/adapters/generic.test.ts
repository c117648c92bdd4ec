import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { approval } from "../__fixtures__/approval";
import type { CallbackRequest } from "../types";
import { genericAdapter, signGeneric, verifyGenericCallback } from "./generic";

const secret = "acta-generic-secret-0123456789abcdef";
const body = readFileSync(path.join(import.meta.dirname, "__fixtures__/generic-decided.json"), "utf8").trim();
const sentAt = 1718161200;
const now = new Date(sentAt * 1000);

function callback(rawBody: string, timestamp = String(sentAt), signature = signGeneric(secret, timestamp, rawBody)): CallbackRequest {
  return {
    method: "POST",
    url: "https://acta.example.cn/api/oa/callbacks/c1",
    headers: { "x-acta-timestamp": timestamp, "X-ACTA-SIGNATURE": signature },
    rawBody,
  };
}

describe("signGeneric", () => {
  it("is sha256= hex HMAC-SHA256 of timestamp.body (value computed independently with openssl)", () => {
    expect(signGeneric(secret, "1718161200", '{"eventId":"e1"}')).toBe(
      "sha256=75cdfbef87e01980d656cfc284b57e8a98157fa79f26ea24a06274a7ef8e4439",
    );
  });
});

describe("generic callback", () => {
  it("turns a signed decision into an approval.decided event with the {ok:true} reply", () => {
    expect(verifyGenericCallback(callback(body), secret, now)).toEqual({
      ok: true,
      value: {
        type: "event",
        eventId: "evt-20240612-0001",
        timestamp: "1718161200",
        reply: { status: 200, headers: { "Content-Type": "application/json; charset=utf-8" }, body: '{"ok":true}' },
        event: {
          kind: "approval.decided",
          externalId: "HOME-OA-7788",
          approvalId: "0b9f4c1e-5d2a-4b7e-9c3f-1a2b3c4d5e6f",
          decision: "rejected",
          comment: "凭证号不连续，请补齐后重新提交",
          decidedBy: "u1024",
          decidedAt: "2024-06-12T03:00:00.000Z",
        },
      },
    });
  });

  it("uses Acta's approvalId as the external id when the OA sends only that", () => {
    const raw = JSON.stringify({ eventId: "e2", type: "approval.decided", approvalId: "a-1", decision: "approved", decidedAt: "2024-06-12T03:00:00Z" });
    const result = verifyGenericCallback(callback(raw), secret, now);
    expect(result.ok && result.value.type === "event" && result.value.event).toEqual({
      kind: "approval.decided",
      externalId: "a-1",
      approvalId: "a-1",
      decision: "approved",
      decidedAt: "2024-06-12T03:00:00.000Z",
    });
  });

  it("turns a signed approval.withdrawn into a withdrawal, and refuses one without an id, a time or with an unstorable reason", () => {
    const withdrawn = (patch: Record<string, unknown>) =>
      verifyGenericCallback(callback(JSON.stringify({ eventId: "w1", type: "approval.withdrawn", externalId: "HOME-OA-7788", withdrawnBy: "u1024", withdrawnAt: "2024-06-12T11:00:00+08:00", reason: "月份选错", ...patch })), secret, now);
    const result = withdrawn({});
    expect(result.ok && result.value.type === "event" && result.value.event).toEqual({
      kind: "approval.withdrawn",
      externalId: "HOME-OA-7788",
      withdrawnBy: "u1024",
      reason: "月份选错",
      withdrawnAt: "2024-06-12T03:00:00.000Z",
    });
    expect(result.ok && result.value.type === "event" && result.value.reply.body).toBe('{"ok":true}');
    const onlyActa = withdrawn({ externalId: undefined, approvalId: "a-1", reason: undefined, withdrawnBy: undefined });
    expect(onlyActa.ok && onlyActa.value.type === "event" && onlyActa.value.event).toEqual({ kind: "approval.withdrawn", externalId: "a-1", approvalId: "a-1", withdrawnAt: "2024-06-12T03:00:00.000Z" });
    expect(withdrawn({ externalId: undefined })).toMatchObject({ ok: false, error: { code: "oa.malformed" } });
    expect(withdrawn({ withdrawnAt: undefined })).toMatchObject({ ok: false, error: { code: "oa.malformed" } });
    expect(withdrawn({ reason: "x".repeat(2001) })).toMatchObject({ ok: false, error: { code: "oa.malformed" } });
  });

  it("turns a signed approval.revoked into a revocation after approval, and refuses one without a time", () => {
    const revoked = (patch: Record<string, unknown>) =>
      verifyGenericCallback(callback(JSON.stringify({ eventId: "r1", type: "approval.revoked", externalId: "HOME-OA-7788", revokedBy: "u1024", revokedAt: "2024-06-12T11:00:00+08:00", reason: "凭证有误", ...patch })), secret, now);
    const result = revoked({});
    expect(result.ok && result.value.type === "event" && result.value.event).toEqual({
      kind: "approval.revoked",
      externalId: "HOME-OA-7788",
      revokedBy: "u1024",
      reason: "凭证有误",
      revokedAt: "2024-06-12T03:00:00.000Z",
    });
    expect(revoked({ revokedAt: undefined })).toMatchObject({ ok: false, error: { code: "oa.malformed" } });
    expect(revoked({ externalId: undefined })).toMatchObject({ ok: false, error: { code: "oa.malformed" } });
  });

  it("rejects a forged or re-signed-with-another-secret body", () => {
    expect(verifyGenericCallback(callback(body, String(sentAt), "sha256=" + "0".repeat(64)), secret, now)).toEqual({
      ok: false,
      error: { code: "oa.bad_signature" },
    });
    const tampered = { ...callback(body), rawBody: body.replace("rejected", "approved") };
    expect(verifyGenericCallback(tampered, secret, now)).toEqual({ ok: false, error: { code: "oa.bad_signature" } });
  });

  it("accepts 5 minutes of skew either way and refuses older or newer timestamps", () => {
    const at = (seconds: number) => new Date((sentAt + seconds) * 1000);
    expect(verifyGenericCallback(callback(body), secret, at(300)).ok).toBe(true);
    expect(verifyGenericCallback(callback(body), secret, at(-300)).ok).toBe(true);
    expect(verifyGenericCallback(callback(body), secret, at(301))).toEqual({ ok: false, error: { code: "oa.expired" } });
    expect(verifyGenericCallback(callback(body), secret, at(-301))).toEqual({ ok: false, error: { code: "oa.expired" } });
  });

  it("maps other event types to ignored and malformed input to oa.malformed", () => {
    const pending = JSON.stringify({ eventId: "e3", type: "approval.pending" });
    const result = verifyGenericCallback(callback(pending), secret, now);
    expect(result.ok && result.value.type === "event" && result.value.event).toEqual({ kind: "ignored", reason: "type:approval.pending" });

    const noIds = JSON.stringify({ eventId: "e4", type: "approval.decided", decision: "approved", decidedAt: "2024-06-12T03:00:00Z" });
    expect(verifyGenericCallback(callback(noIds), secret, now)).toEqual({ ok: false, error: { code: "oa.malformed" } });
    expect(verifyGenericCallback(callback("not json"), secret, now)).toEqual({ ok: false, error: { code: "oa.malformed" } });
    // Unsigned is not malformed but unproven: a forgery until signed, refused as such (401).
    expect(verifyGenericCallback({ ...callback(body), headers: {} }, secret, now)).toEqual({ ok: false, error: { code: "oa.unsigned" } });
  });

  it("refuses as oa.malformed a comment or decider Acta could not record, instead of failing on every retry", () => {
    const decided = (patch: Record<string, unknown>) =>
      verifyGenericCallback(callback(JSON.stringify({ ...(JSON.parse(body) as object), ...patch })), secret, now);
    expect(decided({ comment: "审".repeat(2000), decidedBy: "u".repeat(200) }).ok).toBe(true);
    expect(decided({ comment: "审".repeat(2001) })).toEqual({ ok: false, error: { code: "oa.malformed" } });
    expect(decided({ decidedBy: "u".repeat(201) })).toEqual({ ok: false, error: { code: "oa.malformed" } });
    expect(decided({ decidedBy: "" })).toEqual({ ok: false, error: { code: "oa.malformed" } });
    expect(decided({ decidedBy: "   " })).toEqual({ ok: false, error: { code: "oa.malformed" } });
    expect(decided({ comment: "同意\u0000" })).toEqual({ ok: false, error: { code: "oa.malformed" } });
    expect(decided({ decidedBy: "u\u0000" })).toEqual({ ok: false, error: { code: "oa.malformed" } });
  });
});

describe("generic outbound", () => {
  const config = genericAdapter.configSchema.parse({ baseUrl: "http://127.0.0.1:4010/oa" });
  const secrets = { hmacSecret: secret };

  it("POSTs a signed approval.requested event that the generic verifier itself accepts", () => {
    const built = genericAdapter.buildOutbound(approval, config, secrets, { now });
    if (!built.ok) throw new Error(built.error.code);
    const [request] = built.value;
    expect(built.value).toHaveLength(1);
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("http://127.0.0.1:4010/oa/approvals");
    expect(request?.headers["X-Acta-Timestamp"]).toBe("1718161200");
    expect(JSON.parse(request?.body ?? "")).toEqual({
      eventId: "approval.requested:0b9f4c1e-5d2a-4b7e-9c3f-1a2b3c4d5e6f",
      type: "approval.requested",
      approvalId: approval.approvalId,
      kind: "destruction",
      title: approval.title,
      summary: approval.summary,
      fondsName: approval.fondsName,
      requester: "zhangsan",
      approvers: ["lisi", "wangwu"],
      detailUrl: approval.detailUrl,
      createdAt: approval.createdAt,
    });
    const echoed = verifyGenericCallback(
      { method: "POST", url: request?.url ?? "", headers: request?.headers ?? {}, rawBody: request?.body ?? "" },
      secret,
      now,
    );
    expect(echoed.ok && echoed.value.type === "event" && echoed.value.event).toEqual({ kind: "ignored", reason: "type:approval.requested" });
  });

  it("reads the OA's external id, falls back to Acta's id, and keeps the OA's error text", () => {
    expect(genericAdapter.parseOutboundResponse(201, '{"externalId":"HOME-OA-7788"}', approval)).toEqual({ ok: true, value: { externalId: "HOME-OA-7788" } });
    expect(genericAdapter.parseOutboundResponse(204, "", approval)).toEqual({ ok: true, value: { externalId: approval.approvalId } });
    expect(genericAdapter.parseOutboundResponse(422, '{"error":"unknown approver"}', approval)).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "http_422", vendorMessage: "unknown approver" } },
    });
  });

  it("takes any 2xx as accepted, as the scheme promises: a plain-text body, other JSON, or a numeric externalId", () => {
    // Refused as bad_response, these were retried until dead although the OA had created its approval.
    expect(genericAdapter.parseOutboundResponse(200, "OK", approval)).toEqual({ ok: true, value: { externalId: approval.approvalId } });
    expect(genericAdapter.parseOutboundResponse(200, '{"code":0,"data":null}', approval)).toEqual({ ok: true, value: { externalId: approval.approvalId } });
    expect(genericAdapter.parseOutboundResponse(200, "[]", approval)).toEqual({ ok: true, value: { externalId: approval.approvalId } });
    expect(genericAdapter.parseOutboundResponse(201, '{"externalId":7788}', approval)).toEqual({ ok: true, value: { externalId: "7788" } });
    expect(genericAdapter.parseOutboundResponse(500, "<html>Internal Server Error</html>", approval)).toMatchObject({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "http_500" } },
    });
  });
});
