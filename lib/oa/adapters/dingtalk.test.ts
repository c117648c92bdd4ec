import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { approval, ended } from "../__fixtures__/approval";
import { fixedRandom, tamperPadding } from "../__fixtures__/test-kit";
import { wxDecrypt, wxEncrypt, wxSignature } from "../crypto/wx-aes";
import type { CallbackRequest } from "../types";
import { dingtalkAdapter } from "./dingtalk";

const vector = {
  timestamp: "1608001896814",
  nonce: "WL4PK6yA",
  encrypt:
    "0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3",
  signature: "03044561471240d4a14bb09372dfcfd4fd0e40cb",
};
const config = dingtalkAdapter.configSchema.parse({
  baseUrl: "http://127.0.0.1:4011",
  ownerKey: "ding6ccabc44d2c8d38b",
  appKey: "dingappkey01",
  processCode: "PROC-ACTA-0001",
  deptId: 1,
});
const secrets = { token: "mryue", aesKey: "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7", appSecret: "app-secret" };
const finish = readFileSync(path.join(import.meta.dirname, "__fixtures__/dingtalk-instance-finish.json"), "utf8").trim();

function request(encrypt: string, timestamp: string, nonce: string, signature: string, names = ["msg_signature", "timeStamp"]): CallbackRequest {
  const query = new URLSearchParams({ [names[0] ?? ""]: signature, [names[1] ?? ""]: timestamp, nonce });
  return { method: "POST", url: `/api/oa/callbacks/c1?${query.toString()}`, headers: {}, rawBody: JSON.stringify({ encrypt }) };
}

/** Builds a callback the way DingTalk does: encrypt with the owner key trailer, then sign. */
function signedEvent(plaintext: string, owner = config.ownerKey, timestamp = "1718163600000") {
  const encrypt = wxEncrypt(secrets.aesKey, plaintext, owner, fixedRandom);
  return request(encrypt, timestamp, "n0nce123", wxSignature(secrets.token, timestamp, "n0nce123", encrypt));
}
const sentAt = new Date(1718163600000);

describe("dingtalk callback", () => {
  it("accepts the official check_url vector and answers the encrypted, signed 'success'", () => {
    const now = new Date(Number(vector.timestamp));
    const result = dingtalkAdapter.verifyCallback(request(vector.encrypt, vector.timestamp, vector.nonce, vector.signature), config, secrets, now, fixedRandom);
    if (!result.ok || result.value.type !== "handshake") throw new Error(JSON.stringify(result));
    expect(result.value.nonce).toBe("WL4PK6yA");
    expect(result.value.timestamp).toBe("1608001896814");
    const reply = JSON.parse(result.value.reply.body) as Record<string, string>;
    expect(Object.keys(reply).sort()).toEqual(["encrypt", "msg_signature", "nonce", "timeStamp"]);
    expect(reply.timeStamp).toBe("1608001896814");
    expect(reply.msg_signature).toBe(wxSignature("mryue", reply.timeStamp ?? "", reply.nonce ?? "", reply.encrypt ?? ""));
    expect(wxDecrypt(secrets.aesKey, reply.encrypt ?? "")).toEqual({ ok: true, value: { message: "success", receiverId: "ding6ccabc44d2c8d38b" } });
  });

  it("accepts the lower-case `signature`/`timestamp` spelling of the query", () => {
    const req = request(vector.encrypt, vector.timestamp, vector.nonce, vector.signature, ["signature", "timestamp"]);
    expect(dingtalkAdapter.verifyCallback(req, config, secrets, new Date(Number(vector.timestamp)), fixedRandom).ok).toBe(true);
  });

  it("rejects a forged signature, a stale timestamp, a foreign owner key and a tampered ciphertext", () => {
    const now = new Date(Number(vector.timestamp));
    const forged = request(vector.encrypt, vector.timestamp, vector.nonce, "0".repeat(40));
    expect(dingtalkAdapter.verifyCallback(forged, config, secrets, now, fixedRandom)).toEqual({ ok: false, error: { code: "oa.bad_signature" } });

    const later = new Date(Number(vector.timestamp) + 5 * 60 * 1000 + 1);
    const valid = request(vector.encrypt, vector.timestamp, vector.nonce, vector.signature);
    expect(dingtalkAdapter.verifyCallback(valid, config, secrets, later, fixedRandom)).toEqual({ ok: false, error: { code: "oa.expired" } });

    const otherCorp = { ...config, ownerKey: "dingothercorp" };
    expect(dingtalkAdapter.verifyCallback(valid, otherCorp, secrets, now, fixedRandom)).toEqual({ ok: false, error: { code: "oa.wrong_receiver" } });

    // Someone holding the token but not the AES key can sign, yet cannot produce a decryptable body.
    const tampered = tamperPadding(vector.encrypt);
    const resigned = request(tampered, vector.timestamp, vector.nonce, wxSignature("mryue", vector.timestamp, vector.nonce, tampered));
    expect(dingtalkAdapter.verifyCallback(resigned, config, secrets, now, fixedRandom)).toEqual({ ok: false, error: { code: "oa.decrypt_failed" } });
  });

  it("maps a finished, agreed instance to an approval decision with a digest event id, naming no decider", () => {
    const result = dingtalkAdapter.verifyCallback(signedEvent(finish), config, secrets, sentAt, fixedRandom);
    if (!result.ok || result.value.type !== "event") throw new Error(JSON.stringify(result));
    expect(result.value.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.value.nonce).toBe("n0nce123");
    expect(result.value.event).toEqual({
      kind: "approval.decided",
      externalId: "a171de6c-8bef-4c14-9d1c-2a9f6c4e2d01",
      decision: "approved",
      decidedAt: "2024-06-12T03:40:00.000Z",
    });
    // staffId of bpms_instance_change is the employee who started the instance (DingTalk's field list:
    // 发起审批实例的员工), i.e. Acta's requester, never the approver: taken for the decider, the requester's
    // mapped account would be refused for lacking the approver role and the decision lost.
    expect(result.value.event).not.toHaveProperty("decidedBy");
    const again = dingtalkAdapter.verifyCallback(signedEvent(finish), config, secrets, sentAt, fixedRandom);
    expect(again.ok && again.value.type === "event" && again.value.eventId).toBe(result.value.eventId);
  });

  it("maps refuse to rejected, terminate to a withdrawal by the originator, and start and task changes to ignored", () => {
    const variant = (patch: Record<string, unknown>) => {
      const result = dingtalkAdapter.verifyCallback(signedEvent(JSON.stringify({ ...JSON.parse(finish), ...patch })), config, secrets, sentAt, fixedRandom);
      return result.ok && result.value.type === "event" ? result.value.event : result;
    };
    expect(variant({ result: "refuse", remark: "附件不全" })).toMatchObject({ decision: "rejected", comment: "附件不全" });
    // Acta keeps comments up to 2000 characters; a longer one typed in the OA is cut, never the decision lost.
    const long = variant({ result: "refuse", remark: `${"附件不全。".repeat(500)}😀` });
    expect(long).toMatchObject({ decision: "rejected", comment: `${"附件不全。".repeat(400).slice(0, 1999)}…` });
    // A NUL cannot be stored in PostgreSQL text: kept visible as ␀ rather than failing on every retry.
    expect(variant({ result: "refuse", remark: "附件\u0000不全" })).toMatchObject({ comment: "附件\u2400不全" });
    // terminate: the originator (staffId) withdrew (撤销) the running instance; Acta withdraws its request too.
    expect(variant({ type: "terminate", result: undefined, staffId: "archivist01", remark: "月份选错" })).toEqual({
      kind: "approval.withdrawn",
      externalId: "a171de6c-8bef-4c14-9d1c-2a9f6c4e2d01",
      withdrawnBy: "archivist01",
      reason: "月份选错",
      withdrawnAt: "2024-06-12T03:40:00.000Z",
    });
    expect(variant({ type: "terminate", result: undefined, staffId: undefined, finishTime: undefined })).toEqual({
      kind: "approval.withdrawn",
      externalId: "a171de6c-8bef-4c14-9d1c-2a9f6c4e2d01",
      withdrawnAt: sentAt.toISOString(),
    });
    expect(variant({ type: "start", result: undefined })).toEqual({ kind: "ignored", reason: "instance_start" });
    expect(variant({ EventType: "bpms_task_change" })).toEqual({ kind: "ignored", reason: "task_change" });
  });

  it("acknowledges and ignores instances of the company's other approval templates (leave, expenses…)", () => {
    // DingTalk pushes bpms_instance_change for every template of the corp; answered with anything but
    // the encrypted success, each one would be retried by DingTalk as an undeliverable callback.
    const other = JSON.stringify({ ...(JSON.parse(finish) as object), processCode: "PROC-LEAVE-0001" });
    const result = dingtalkAdapter.verifyCallback(signedEvent(other), config, secrets, sentAt, fixedRandom);
    if (!result.ok || result.value.type !== "event") throw new Error(JSON.stringify(result));
    expect(result.value.event).toEqual({ kind: "ignored", reason: "other_process" });
    expect(wxDecrypt(secrets.aesKey, (JSON.parse(result.value.reply.body) as { encrypt: string }).encrypt)).toMatchObject({ ok: true, value: { message: "success" } });
  });

  it("refuses a body that is not the encrypted envelope", () => {
    const req = { ...signedEvent(finish), rawBody: "{}" };
    expect(dingtalkAdapter.verifyCallback(req, config, secrets, sentAt, fixedRandom)).toEqual({ ok: false, error: { code: "oa.malformed" } });
  });

  it("refuses a callback without its signature as unsigned, not as malformed", () => {
    const req = signedEvent(finish);
    const url = new URL(req.url, "http://acta.local");
    url.searchParams.delete("msg_signature");
    expect(dingtalkAdapter.verifyCallback({ ...req, url: `${url.pathname}${url.search}` }, config, secrets, sentAt, fixedRandom)).toEqual({ ok: false, error: { code: "oa.unsigned" } });
  });
});

describe("dingtalk outbound", () => {
  const now = sentAt;

  it("finds an instance by listing the originator's instances in the window, then reading each one's detail link", () => {
    const window = { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-02T00:20:00Z") };
    const first = dingtalkAdapter.findCreated!.start(approval, config, secrets, { now, accessToken: "tok-1" }, window);
    if (!first.ok || first.value.done) throw new Error("a lookup must list first");
    expect(first.value.request.url).toBe("http://127.0.0.1:4011/v1.0/workflow/processes/instanceIds/query");
    expect(JSON.parse(first.value.request.body ?? "")).toEqual({ processCode: "PROC-ACTA-0001", startTime: window.from.getTime(), endTime: window.to.getTime(), nextToken: 0, maxResults: 20, userIds: ["zhangsan"] });
    const page = first.value.read(200, '{"success":true,"result":{"list":["pi-other"],"nextToken":20}}');
    if (!page.ok || page.value.done) throw new Error("a listed id must be shown");
    expect(page.value.request).toMatchObject({ method: "GET", url: "http://127.0.0.1:4011/v1.0/workflow/processInstances?processInstanceId=pi-other", headers: { "x-acs-dingtalk-access-token": "tok-1" } });
    const other = page.value.read(200, '{"success":true,"result":{"formComponentValues":[{"name":"详情链接","value":"https://acta.example/embed/approvals/00000000-0000-4000-8000-000000000000"}]}}');
    if (!other.ok || other.value.done) throw new Error("another approval's instance must not match; the next page follows");
    expect(JSON.parse(other.value.request.body ?? "")).toMatchObject({ nextToken: 20 });
    const last = other.value.read(200, '{"success":true,"result":{"list":["pi-mine"]}}');
    if (!last.ok || last.value.done) throw new Error("the second page's id must be shown");
    expect(last.value.read(200, `{"success":true,"result":{"formComponentValues":[{"name":"标题","value":"x"},{"name":"详情链接","value":"${approval.detailUrl}"}]}}`)).toEqual({ ok: true, value: { done: true, externalId: "pi-mine" } });
    const empty = first.value.read(200, '{"success":true,"result":{"list":[]}}');
    expect(empty).toEqual({ ok: true, value: { done: true, externalId: null } });
    expect(dingtalkAdapter.findCreated!.start(approval, config, secrets, { now }, window)).toEqual({ ok: false, error: { code: "oa.token_missing" } });
  });

  it("builds the OAuth token request and reads its reply", () => {
    const flow = dingtalkAdapter.tokenFlow;
    expect(flow?.buildTokenRequest(config, secrets)).toEqual({
      method: "POST",
      url: "http://127.0.0.1:4011/v1.0/oauth2/accessToken",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: '{"appKey":"dingappkey01","appSecret":"app-secret"}',
    });
    expect(flow?.parseTokenResponse(200, '{"accessToken":"tok-1","expireIn":7200}')).toEqual({ ok: true, value: { accessToken: "tok-1", expiresInSeconds: 7200 } });
    expect(flow?.parseTokenResponse(400, '{"code":"invalidClientSecret","message":"应用密钥错误"}')).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "invalidClientSecret", vendorMessage: "应用密钥错误" } },
    });
  });

  it("creates a process instance with the access token header and labelled form values", () => {
    const built = dingtalkAdapter.buildOutbound(approval, config, secrets, { now, accessToken: "tok-1" });
    if (!built.ok) throw new Error(built.error.code);
    const [req] = built.value;
    expect(req?.url).toBe("http://127.0.0.1:4011/v1.0/workflow/processInstances");
    expect(req?.headers["x-acs-dingtalk-access-token"]).toBe("tok-1");
    expect(JSON.parse(req?.body ?? "")).toEqual({
      originatorUserId: "zhangsan",
      processCode: "PROC-ACTA-0001",
      deptId: 1,
      approvers: [{ actionType: "OR", userIds: ["lisi", "wangwu"] }],
      formComponentValues: [
        { name: "标题", value: approval.title },
        { name: "摘要", value: approval.summary },
        { name: "全宗", value: approval.fondsName },
        { name: "详情链接", value: approval.detailUrl },
      ],
    });
  });

  it("needs a token and an originator", () => {
    expect(dingtalkAdapter.buildOutbound(approval, config, secrets, { now })).toEqual({ ok: false, error: { code: "oa.token_missing" } });
    const { requesterOaUserId: _, ...anonymous } = approval;
    expect(dingtalkAdapter.buildOutbound(anonymous, config, secrets, { now, accessToken: "t" })).toEqual({ ok: false, error: { code: "oa.missing_requester" } });
  });

  it("ends an instance that ended in Acta with terminate, as the system, saying why in the remark", () => {
    expect(dingtalkAdapter.buildCompletion?.(ended, config, secrets, { now, accessToken: "tok-1" })).toEqual({
      ok: true,
      value: [
        {
          method: "POST",
          url: "http://127.0.0.1:4011/v1.0/workflow/processInstances/terminate",
          headers: { "Content-Type": "application/json; charset=utf-8", "x-acs-dingtalk-access-token": "tok-1" },
          body: JSON.stringify({ processInstanceId: "pi-0001", isSystem: true, remark: "已在 Acta 中批准", operatingUserId: "zhangsan" }),
        },
      ],
    });
    // isSystem needs no operator: an approval whose requester has no DingTalk account is still ended.
    const { requesterOaUserId: _, ...anonymous } = ended;
    const built = dingtalkAdapter.buildCompletion?.(anonymous, config, secrets, { now, accessToken: "tok-1" });
    expect(built?.ok && JSON.parse(built.value[0]?.body ?? "")).toEqual({ processInstanceId: "pi-0001", isSystem: true, remark: "已在 Acta 中批准" });
    expect(dingtalkAdapter.buildCompletion?.(ended, config, secrets, { now })).toEqual({ ok: false, error: { code: "oa.token_missing" } });
    expect(dingtalkAdapter.endsOwnInstance).toBe(true);
  });

  it("reads terminate's reply: result true ends it, a refusal keeps DingTalk's code and words", () => {
    const parse = dingtalkAdapter.parseCompletionResponse!;
    expect(parse(200, '{"success":true,"result":true}')).toEqual({ ok: true, value: null });
    expect(parse(200, '{"success":true,"result":false}')).toEqual({ ok: false, error: { code: "oa.bad_response", params: { status: 200 } } });
    expect(parse(400, '{"code":"processInstance.status.invalid","message":"审批实例已结束"}')).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "processInstance.status.invalid", vendorMessage: "审批实例已结束" } },
    });
  });

  it("asks for the status of an instance that refused terminate: RUNNING still runs, COMPLETED, TERMINATED and CANCELED have finished", () => {
    const check = dingtalkAdapter.instanceStatus!;
    expect(check.build(ended, config, secrets, { now, accessToken: "tok-1" })).toEqual({
      ok: true,
      value: { method: "GET", url: "http://127.0.0.1:4011/v1.0/workflow/processInstances?processInstanceId=pi-0001", headers: { "x-acs-dingtalk-access-token": "tok-1" } },
    });
    expect(check.build(ended, config, secrets, { now })).toEqual({ ok: false, error: { code: "oa.token_missing" } });
    const seen = (status: string) => check.read(200, JSON.stringify({ success: true, result: { status, result: "agree", formComponentValues: [] } }));
    expect(seen("RUNNING")).toEqual({ ok: true, value: { status: "RUNNING", finished: false } });
    for (const status of ["COMPLETED", "TERMINATED", "CANCELED"]) expect(seen(status)).toEqual({ ok: true, value: { status, finished: true } });
    // A status DingTalk may add later is not taken for an end: the message keeps its usual retries.
    expect(seen("SUSPENDED")).toEqual({ ok: true, value: { status: "SUSPENDED", finished: false } });
    expect(check.read(200, '{"success":true,"result":{}}')).toEqual({ ok: false, error: { code: "oa.bad_response", params: { status: 200 } } });
    expect(check.read(400, '{"code":"processInstanceId.notFound","message":"实例不存在"}')).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "processInstanceId.notFound", vendorMessage: "实例不存在" } },
    });
  });

  it("reads instanceId, and turns both error styles into oa.vendor_error", () => {
    expect(dingtalkAdapter.parseOutboundResponse(200, '{"instanceId":"a171de6c"}', approval)).toEqual({ ok: true, value: { externalId: "a171de6c" } });
    expect(dingtalkAdapter.parseOutboundResponse(400, '{"code":"param.error","message":"processCode不存在"}', approval)).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "param.error", vendorMessage: "processCode不存在" } },
    });
    expect(dingtalkAdapter.parseOutboundResponse(200, '{"errcode":40014,"errmsg":"不合法的access_token"}', approval)).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "40014", vendorMessage: "不合法的access_token" } },
    });
    expect(dingtalkAdapter.parseOutboundResponse(200, "<html>", approval)).toEqual({ ok: false, error: { code: "oa.bad_response", params: { status: 200 } } });
  });
});
