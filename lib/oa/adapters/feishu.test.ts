import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { approval, ended } from "../__fixtures__/approval";
import { fixedRandom } from "../__fixtures__/test-kit";
import { feishuEncrypt } from "../crypto/feishu-aes";
import type { CallbackRequest } from "../types";
import { feishuAdapter, feishuSignature } from "./feishu";

const config = feishuAdapter.configSchema.parse({
  baseUrl: "http://127.0.0.1:4013",
  appId: "cli_acta0001",
  approvalCode: "7C468A54-8745-2245-9675-08654A59C265",
  widgets: { title: "widget1", summary: "widget2", fondsName: "widget3", detailUrl: "widget4" },
  approverNodeId: "46e6d96cfa756980907209209ec03b64",
});
const secrets = { appSecret: "app-secret", verificationToken: "verification-token-01", encryptKey: "encrypt-key-01" };
const plainSecrets = { appSecret: "app-secret", verificationToken: "verification-token-01" };
const v1Event = readFileSync(path.join(import.meta.dirname, "__fixtures__/feishu-approval-instance-v1.json"), "utf8").trim();
const now = new Date(1718163600 * 1000);

function plain(rawBody: string): CallbackRequest {
  return { method: "POST", url: "/api/oa/callbacks/c3", headers: { "Content-Type": "application/json" }, rawBody };
}

/** Encrypts and signs the way Feishu does when an Encrypt Key is configured. */
function encrypted(payload: string, timestamp = "1718163600", encryptKey = secrets.encryptKey): CallbackRequest {
  const rawBody = JSON.stringify({ encrypt: feishuEncrypt(encryptKey, payload, Buffer.alloc(16, 9)) });
  return {
    method: "POST",
    url: "/api/oa/callbacks/c3",
    headers: {
      "X-Lark-Request-Timestamp": timestamp,
      "X-Lark-Request-Nonce": "13624",
      "X-Lark-Signature": feishuSignature(timestamp, "13624", encryptKey, rawBody),
    },
    rawBody,
  };
}

const decision = (req: CallbackRequest, s: typeof plainSecrets = secrets) => {
  const result = feishuAdapter.verifyCallback(req, config, s, now, fixedRandom);
  return result.ok && result.value.type === "event" ? result.value.event : result;
};

describe("feishu callback", () => {
  it("echoes the challenge of url_verification after checking the token", () => {
    const body = JSON.stringify({ challenge: "ajls384kdjx98XX", token: "verification-token-01", type: "url_verification" });
    expect(feishuAdapter.verifyCallback(plain(body), config, plainSecrets, now, fixedRandom)).toEqual({
      ok: true,
      value: { type: "handshake", reply: { status: 200, headers: { "Content-Type": "application/json; charset=utf-8" }, body: '{"challenge":"ajls384kdjx98XX"}' } },
    });
    const wrong = body.replace("verification-token-01", "guess");
    expect(feishuAdapter.verifyCallback(plain(wrong), config, plainSecrets, now, fixedRandom)).toEqual({ ok: false, error: { code: "oa.bad_signature" } });
  });

  it("maps a plain v1 APPROVED approval_instance event, keyed by its uuid", () => {
    const result = feishuAdapter.verifyCallback(plain(v1Event), config, plainSecrets, now, fixedRandom);
    if (!result.ok || result.value.type !== "event") throw new Error(JSON.stringify(result));
    expect(result.value.eventId).toBe("9f4a1c2e7b3d4e5f8a9b0c1d2e3f4a5b");
    expect(result.value.event).toEqual({
      kind: "approval.decided",
      externalId: "81D31358-93AF-92D6-7425-01A5D67C4E71",
      decision: "approved",
      decidedAt: "2024-06-12T03:40:00.000Z",
    });
  });

  it("decrypts and verifies a signed, encrypted event", () => {
    const result = feishuAdapter.verifyCallback(encrypted(v1Event), config, secrets, now, fixedRandom);
    if (!result.ok || result.value.type !== "event") throw new Error(JSON.stringify(result));
    expect(result.value).toMatchObject({ nonce: "13624", timestamp: "1718163600", event: { decision: "approved" } });
  });

  it("rejects a bad signature, a stale timestamp, a wrong token and a tampered ciphertext", () => {
    const forged = encrypted(v1Event);
    forged.headers["X-Lark-Signature"] = "0".repeat(64);
    expect(decision(forged)).toEqual({ ok: false, error: { code: "oa.bad_signature" } });
    expect(decision(encrypted(v1Event, "1718163000"))).toEqual({ ok: false, error: { code: "oa.expired" } });
    expect(decision(plain(v1Event.replace("verification-token-01", "stolen")), plainSecrets)).toEqual({ ok: false, error: { code: "oa.bad_signature" } });
    const unsigned = plain(JSON.stringify({ encrypt: feishuEncrypt("another-key", v1Event, Buffer.alloc(16, 9)) }));
    expect(decision(unsigned)).toEqual({ ok: false, error: { code: "oa.decrypt_failed" } });
  });

  it("with an Encrypt Key, refuses an event whose signature headers were stripped (a stale capture would skip the window)", () => {
    const stale = encrypted(v1Event, "1718163000");
    expect(decision(stale)).toEqual({ ok: false, error: { code: "oa.expired" } });
    const stripped = plain(stale.rawBody);
    expect(decision(stripped)).toEqual({ ok: false, error: { code: "oa.unsigned" } });
    // Nor may a plain body carrying the Verification Token stand in for the signed, encrypted one.
    expect(decision(plain(v1Event))).toEqual({ ok: false, error: { code: "oa.unsigned" } });
    // The URL check carries no event and is answered after the token check, signed or not.
    const challenge = JSON.stringify({ challenge: "c-1", token: "verification-token-01", type: "url_verification" });
    const handshake = feishuAdapter.verifyCallback(plain(JSON.stringify({ encrypt: feishuEncrypt(secrets.encryptKey, challenge, Buffer.alloc(16, 9)) })), config, secrets, now, fixedRandom);
    expect(handshake.ok && handshake.value.type).toBe("handshake");
  });

  it("reads operate_time sent as an int64 number, as Feishu's own event sample shows it", () => {
    const numeric = v1Event.replace('"operate_time":"1718163600000"', '"operate_time":1718163600000');
    expect(numeric).not.toBe(v1Event);
    expect(decision(plain(numeric), plainSecrets)).toEqual({
      kind: "approval.decided",
      externalId: "81D31358-93AF-92D6-7425-01A5D67C4E71",
      decision: "approved",
      decidedAt: "2024-06-12T03:40:00.000Z",
    });
    const bothNumeric = numeric.replace('"instance_operate_time":"1718163600000"', '"instance_operate_time":1718163600000');
    expect(decision(plain(bothNumeric.replace('"APPROVED"', '"REJECTED"')), plainSecrets)).toMatchObject({ decision: "rejected" });
  });

  it("maps REJECTED to rejected, CANCELED to a withdrawal, REVERTED to a revocation, and other definitions and other events to ignored", () => {
    expect(decision(plain(v1Event.replace('"APPROVED"', '"REJECTED"')), plainSecrets)).toMatchObject({ decision: "rejected" });
    // CANCELED: the applicant withdrew (撤回) the pending instance; the event names no user.
    expect(decision(plain(v1Event.replace('"APPROVED"', '"CANCELED"')), plainSecrets)).toEqual({
      kind: "approval.withdrawn",
      externalId: "81D31358-93AF-92D6-7425-01A5D67C4E71",
      withdrawnAt: "2024-06-12T03:40:00.000Z",
    });
    // REVERTED (撤销) revokes an approved instance: reported, so the archivists hear of it (nothing is unfiled).
    expect(decision(plain(v1Event.replace('"APPROVED"', '"REVERTED"')), plainSecrets)).toEqual({
      kind: "approval.revoked",
      externalId: "81D31358-93AF-92D6-7425-01A5D67C4E71",
      revokedAt: "2024-06-12T03:40:00.000Z",
    });
    expect(decision(plain(v1Event.replace('"APPROVED"', '"DELETED"')), plainSecrets)).toEqual({ kind: "ignored", reason: "status_deleted" });
    expect(decision(plain(v1Event.replace("7C468A54-8745", "00000000-0000")), plainSecrets)).toEqual({ kind: "ignored", reason: "other_approval" });
    expect(decision(plain(v1Event.replace('"type":"approval_instance"', '"type":"approval_task"')), plainSecrets)).toEqual({ kind: "ignored", reason: "event:approval_task" });
  });

  it("reads the v2 envelope and refuses events addressed to another app", () => {
    const v2 = (appId: string) =>
      JSON.stringify({
        schema: "2.0",
        header: { event_id: "5e3702a84e847582be8db7fb73283c02", event_type: "approval_instance", create_time: "1718163600000", token: "verification-token-01", app_id: appId, tenant_key: "2d520d3b434f175e" },
        event: (JSON.parse(v1Event) as { event: unknown }).event,
      });
    const result = feishuAdapter.verifyCallback(plain(v2("cli_acta0001")), config, plainSecrets, now, fixedRandom);
    expect(result.ok && result.value.type === "event" && [result.value.eventId, result.value.event.kind]).toEqual(["5e3702a84e847582be8db7fb73283c02", "approval.decided"]);
    expect(decision(plain(v2("cli_other")), plainSecrets)).toEqual({ ok: false, error: { code: "oa.wrong_receiver" } });
  });
});

describe("feishu outbound", () => {
  it("builds the tenant token request and reads its reply", () => {
    expect(feishuAdapter.tokenFlow?.buildTokenRequest(config, secrets)).toMatchObject({
      method: "POST",
      url: "http://127.0.0.1:4013/open-apis/auth/v3/tenant_access_token/internal",
      body: '{"app_id":"cli_acta0001","app_secret":"app-secret"}',
    });
    expect(feishuAdapter.tokenFlow?.parseTokenResponse(200, '{"code":0,"msg":"ok","tenant_access_token":"t-123","expire":7140}')).toEqual({
      ok: true,
      value: { accessToken: "t-123", expiresInSeconds: 7140 },
    });
  });

  it("creates an instance with a bearer token, a JSON-string form and an idempotency uuid", () => {
    const built = feishuAdapter.buildOutbound(approval, config, secrets, { now, accessToken: "t-123" });
    if (!built.ok) throw new Error(built.error.code);
    const [req] = built.value;
    expect(req?.url).toBe("http://127.0.0.1:4013/open-apis/approval/v4/instances");
    expect(req?.headers.Authorization).toBe("Bearer t-123");
    const body = JSON.parse(req?.body ?? "") as Record<string, unknown>;
    expect(body).toEqual({
      approval_code: "7C468A54-8745-2245-9675-08654A59C265",
      user_id: "zhangsan",
      form: expect.any(String),
      uuid: approval.approvalId,
      node_approver_user_id_list: [{ key: "46e6d96cfa756980907209209ec03b64", value: ["lisi", "wangwu"] }],
    });
    expect(JSON.parse(String(body.form))).toEqual([
      { id: "widget1", type: "input", value: approval.title },
      { id: "widget2", type: "textarea", value: approval.summary },
      { id: "widget3", type: "input", value: approval.fondsName },
      { id: "widget4", type: "input", value: approval.detailUrl },
    ]);
  });

  it("finds the instance a lost reply created: a repeated uuid (60012) is looked up by that uuid, nothing else is", () => {
    const lookup = feishuAdapter.findCreated!;
    const repeated = feishuAdapter.parseOutboundResponse(400, '{"code":60012,"msg":"uuid already exists"}', approval);
    if (repeated.ok) throw new Error("a repeated uuid must fail");
    expect(lookup.isRepeat?.(repeated.error)).toBe(true);
    const other = feishuAdapter.parseOutboundResponse(400, '{"code":1390001,"msg":"param is invalid"}', approval);
    if (other.ok) throw new Error("a bad parameter must fail");
    expect(lookup.isRepeat?.(other.error)).toBe(false);
    const window = { from: now, to: now };
    const step = lookup.start(approval, config, secrets, { now, accessToken: "t-123" }, window);
    if (!step.ok || step.value.done) throw new Error("a lookup must ask Feishu");
    expect(step.value.request).toEqual({ method: "GET", url: `http://127.0.0.1:4013/open-apis/approval/v4/instances/${approval.approvalId}`, headers: { Authorization: "Bearer t-123" } });
    expect(step.value.read(200, '{"code":0,"msg":"success","data":{"instance_code":"81D31358"}}')).toEqual({ ok: true, value: { done: true, externalId: "81D31358" } });
    expect(lookup.start(approval, config, secrets, { now }, window)).toEqual({ ok: false, error: { code: "oa.token_missing" } });
  });

  it("cancels an instance that ended in Acta as its initiator, the only one Feishu lets withdraw it", () => {
    expect(feishuAdapter.buildCompletion?.(ended, config, secrets, { now, accessToken: "t-123" })).toEqual({
      ok: true,
      value: [
        {
          method: "POST",
          url: "http://127.0.0.1:4013/open-apis/approval/v4/instances/cancel?user_id_type=user_id",
          headers: { "Content-Type": "application/json; charset=utf-8", Authorization: "Bearer t-123" },
          body: JSON.stringify({ approval_code: "7C468A54-8745-2245-9675-08654A59C265", instance_code: "pi-0001", user_id: "zhangsan" }),
        },
      ],
    });
    const openIds = feishuAdapter.buildCompletion?.(ended, { ...config, userIdType: "open_id" }, secrets, { now, accessToken: "t-123" });
    expect(openIds?.ok && openIds.value[0]?.url).toBe("http://127.0.0.1:4013/open-apis/approval/v4/instances/cancel?user_id_type=open_id");
    const { requesterOaUserId: _, ...anonymous } = ended;
    expect(feishuAdapter.buildCompletion?.(anonymous, config, secrets, { now, accessToken: "t-123" })).toEqual({ ok: false, error: { code: "oa.missing_requester" } });
    expect(feishuAdapter.buildCompletion?.(ended, config, secrets, { now })).toEqual({ ok: false, error: { code: "oa.token_missing" } });
    expect(feishuAdapter.endsOwnInstance).toBe(true);
  });

  it("reads cancel's reply: code 0 ends it, a refusal keeps Feishu's code and words", () => {
    const parse = feishuAdapter.parseCompletionResponse!;
    expect(parse(200, '{"code":0,"msg":"success","data":{}}')).toEqual({ ok: true, value: null });
    expect(parse(400, '{"code":1390015,"msg":"approval not support cancel"}')).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "1390015", vendorMessage: "approval not support cancel" } },
    });
  });

  it("asks for the status of an instance that refused cancel: PENDING still runs, APPROVED, REJECTED, CANCELED and DELETED have finished", () => {
    const check = feishuAdapter.instanceStatus!;
    expect(check.build(ended, config, secrets, { now, accessToken: "t-123" })).toEqual({
      ok: true,
      value: { method: "GET", url: "http://127.0.0.1:4013/open-apis/approval/v4/instances/pi-0001", headers: { Authorization: "Bearer t-123" } },
    });
    expect(check.build(ended, config, secrets, { now })).toEqual({ ok: false, error: { code: "oa.token_missing" } });
    const seen = (status: string) => check.read(200, JSON.stringify({ code: 0, msg: "success", data: { instance_code: "pi-0001", status, end_time: "0" } }));
    expect(seen("PENDING")).toEqual({ ok: true, value: { status: "PENDING", finished: false } });
    for (const status of ["APPROVED", "REJECTED", "CANCELED", "DELETED", "REVERTED"]) expect(seen(status)).toEqual({ ok: true, value: { status, finished: true } });
    expect(check.read(200, '{"code":0,"msg":"success","data":{}}')).toEqual({ ok: false, error: { code: "oa.bad_response", params: { status: 200 } } });
    expect(check.read(400, '{"code":60003,"msg":"instance not found"}')).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "60003", vendorMessage: "instance not found" } },
    });
  });

  it("reads instance_code and turns code != 0 into oa.vendor_error", () => {
    expect(feishuAdapter.parseOutboundResponse(200, '{"code":0,"msg":"success","data":{"instance_code":"81D31358"}}', approval)).toEqual({ ok: true, value: { externalId: "81D31358" } });
    expect(feishuAdapter.parseOutboundResponse(400, '{"code":1390001,"msg":"param is invalid"}', approval)).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "1390001", vendorMessage: "param is invalid" } },
    });
  });
});
