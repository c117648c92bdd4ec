import { describe, expect, it } from "vitest";
import { approval, ended } from "../__fixtures__/approval";
import { fixedRandom } from "../__fixtures__/test-kit";
import { signGeneric } from "./generic";
import { weaverAdapter } from "./weaver";

const config = weaverAdapter.configSchema.parse({ baseUrl: "http://127.0.0.1:4014", syscode: "ACTA" });
const secrets = { callbackSecret: "weaver-callback-secret-0123456789ab" };
const now = new Date("2024-06-12T03:30:00.000Z");

describe("weaver unified to-do", () => {
  it("pushes one to-do per approver with e-cology's fields and +08:00 wall-clock times", () => {
    const built = weaverAdapter.buildOutbound(approval, config, secrets, { now });
    if (!built.ok) throw new Error(built.error.code);
    expect(built.value.map((r) => r.url)).toEqual([
      "http://127.0.0.1:4014/rest/ofs/ReceiveRequestInfoByJson",
      "http://127.0.0.1:4014/rest/ofs/ReceiveRequestInfoByJson",
    ]);
    expect(JSON.parse(built.value[1]?.body ?? "")).toEqual({
      syscode: "ACTA",
      flowid: approval.approvalId,
      requestname: approval.title,
      workflowname: "会计档案审批",
      nodename: "审批",
      pcurl: approval.detailUrl,
      appurl: approval.detailUrl,
      isremark: "0",
      viewtype: "0",
      creator: "zhangsan",
      createdatetime: "2024-06-12 10:00:00",
      receiver: "wangwu",
      receivedatetime: "2024-06-12 11:30:00",
      receivets: "1718163000000",
    });
  });

  it("marks the to-dos done (isremark 2) once the decision is taken in Acta", () => {
    const built = weaverAdapter.buildCompletion?.(ended, config, secrets, { now });
    const bodies = built?.ok ? built.value.map((r) => JSON.parse(r.body ?? "") as Record<string, string>) : [];
    expect(bodies.map((b) => [b.receiver, b.isremark, b.viewtype])).toEqual([
      ["lisi", "2", "1"],
      ["wangwu", "2", "1"],
    ]);
  });

  it("needs approvers and a creator", () => {
    expect(weaverAdapter.buildOutbound({ ...approval, approverOaUserIds: [] }, config, secrets, { now })).toEqual({ ok: false, error: { code: "oa.missing_approvers" } });
    const { requesterOaUserId: _, ...anonymous } = approval;
    expect(weaverAdapter.buildOutbound(anonymous, config, secrets, { now })).toEqual({ ok: false, error: { code: "oa.missing_requester" } });
    expect(weaverAdapter.buildOutbound(anonymous, { ...config, defaultCreator: "acta" }, secrets, { now }).ok).toBe(true);
  });

  it("reads operResult 1 as success and keeps e-cology's message on 0", () => {
    expect(weaverAdapter.parseOutboundResponse(200, '{"operResult":"1","message":""}', approval)).toEqual({ ok: true, value: { externalId: approval.approvalId } });
    expect(weaverAdapter.parseOutboundResponse(200, '{"operResult":0,"message":"异构系统未注册"}', approval)).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "operResult_0", vendorMessage: "异构系统未注册" } },
    });
  });

  it("verifies decisions with Acta's generic signed scheme and the connector's callback secret", () => {
    const rawBody = JSON.stringify({ eventId: "w-1", type: "approval.decided", approvalId: approval.approvalId, decision: "approved", decidedBy: "lisi", decidedAt: "2024-06-12T03:29:00Z" });
    const timestamp = String(now.getTime() / 1000);
    const req = (secret: string) => ({
      method: "POST",
      url: "/api/oa/callbacks/c4",
      headers: { "X-Acta-Timestamp": timestamp, "X-Acta-Signature": signGeneric(secret, timestamp, rawBody) },
      rawBody,
    });
    const result = weaverAdapter.verifyCallback(req(secrets.callbackSecret), config, secrets, now, fixedRandom);
    expect(result.ok && result.value.type === "event" && result.value.event).toMatchObject({ decision: "approved", externalId: approval.approvalId });
    expect(weaverAdapter.verifyCallback(req("another-secret-0123456789abcdefghij"), config, secrets, now, fixedRandom)).toEqual({ ok: false, error: { code: "oa.bad_signature" } });
  });
});
