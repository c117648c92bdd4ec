import { describe, expect, it } from "vitest";
import { approval, ended } from "../__fixtures__/approval";
import { fixedRandom } from "../__fixtures__/test-kit";
import { signGeneric } from "./generic";
import { seeyonAdapter } from "./seeyon";

const config = seeyonAdapter.configSchema.parse({ baseUrl: "http://127.0.0.1:4015", restUser: "acta-rest", registerCode: "3006" });
const secrets = { restPassword: "p@ss/word", callbackSecret: "seeyon-callback-secret-0123456789ab" };
const now = new Date("2024-06-12T03:30:00.000Z");

describe("seeyon third-party pending", () => {
  it("requests a REST token with the user and an escaped password, and reads both reply styles", () => {
    expect(seeyonAdapter.tokenFlow?.buildTokenRequest(config, secrets)).toEqual({
      method: "GET",
      url: "http://127.0.0.1:4015/seeyon/rest/token/acta-rest/p%40ss%2Fword",
      headers: { Accept: "application/json" },
    });
    const token = { ok: true, value: { accessToken: "57a4b2e2-6d0e-4b0b-a1c3-0e1f2d3c4b5a", expiresInSeconds: 600 } };
    expect(seeyonAdapter.tokenFlow?.parseTokenResponse(200, '{"id":"57a4b2e2-6d0e-4b0b-a1c3-0e1f2d3c4b5a","bindingUser":{}}')).toEqual(token);
    expect(seeyonAdapter.tokenFlow?.parseTokenResponse(200, "57a4b2e2-6d0e-4b0b-a1c3-0e1f2d3c4b5a\n")).toEqual(token);
    expect(seeyonAdapter.tokenFlow?.parseTokenResponse(401, "Unauthorized")).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "http_401", vendorMessage: "Unauthorized" } },
    });
  });

  it("pushes one pending item per approver with the token header", () => {
    const built = seeyonAdapter.buildOutbound(approval, config, secrets, { now, accessToken: "tok" });
    if (!built.ok) throw new Error(built.error.code);
    expect(built.value).toHaveLength(2);
    expect(built.value[0]?.url).toBe("http://127.0.0.1:4015/seeyon/rest/thirdpartyPending/receive");
    expect(built.value[0]?.headers.token).toBe("tok");
    expect(JSON.parse(built.value[0]?.body ?? "")).toEqual({
      registerCode: "3006",
      taskId: `${approval.approvalId}:lisi`,
      title: approval.title,
      senderName: "会计档案系统",
      state: "0",
      noneBindingSender: "zhangsan",
      noneBindingReceiver: "lisi",
      creationDate: "2024-06-12 10:00:00",
      url: approval.detailUrl,
      h5url: approval.detailUrl,
    });
    const bound = seeyonAdapter.buildOutbound(approval, { ...config, receiverBinding: "bound" }, secrets, { now, accessToken: "tok" });
    const body = bound.ok ? (JSON.parse(bound.value[0]?.body ?? "") as Record<string, unknown>) : {};
    expect([body.thirdSenderId, body.thirdReceiverId]).toEqual(["zhangsan", "lisi"]);
  });

  it("updates each pending item to done (state 1) after the decision", () => {
    const built = seeyonAdapter.buildCompletion?.(ended, config, secrets, { now, accessToken: "tok" });
    expect(built?.ok && built.value.map((r) => [r.url, JSON.parse(r.body ?? "")])).toEqual([
      ["http://127.0.0.1:4015/seeyon/rest/thirdpartyPending/updatePendingState", { registerCode: "3006", taskId: `${approval.approvalId}:lisi`, state: "1" }],
      ["http://127.0.0.1:4015/seeyon/rest/thirdpartyPending/updatePendingState", { registerCode: "3006", taskId: `${approval.approvalId}:wangwu`, state: "1" }],
    ]);
    expect(seeyonAdapter.buildCompletion?.(ended, config, secrets, { now })).toEqual({ ok: false, error: { code: "oa.token_missing" } });
  });

  it("reads success and keeps Seeyon's first error message", () => {
    expect(seeyonAdapter.parseOutboundResponse(200, '{"success":true,"errorMsgs":[]}', approval)).toEqual({ ok: true, value: { externalId: approval.approvalId } });
    expect(seeyonAdapter.parseOutboundResponse(200, '{"success":false,"errorMsgs":[{"code":"1001","errorMsg":"registerCode不存在"}]}', approval)).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "http_200", vendorMessage: "registerCode不存在" } },
    });
  });

  it("verifies decisions with the generic signed scheme", () => {
    const rawBody = JSON.stringify({ eventId: "s-1", type: "approval.decided", approvalId: approval.approvalId, decision: "rejected", decidedAt: "2024-06-12T03:29:00Z" });
    const timestamp = String(now.getTime() / 1000);
    const req = { method: "POST", url: "/cb", headers: { "X-Acta-Timestamp": timestamp, "X-Acta-Signature": signGeneric(secrets.callbackSecret, timestamp, rawBody) }, rawBody };
    const result = seeyonAdapter.verifyCallback(req, config, secrets, now, fixedRandom);
    expect(result.ok && result.value.type === "event" && result.value.event).toMatchObject({ decision: "rejected" });
  });
});
