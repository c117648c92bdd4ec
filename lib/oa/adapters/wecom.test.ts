import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { approval, ended } from "../__fixtures__/approval";
import { fixedRandom, tamperPadding } from "../__fixtures__/test-kit";
import { wxEncrypt, wxSignature } from "../crypto/wx-aes";
import type { CallbackRequest } from "../types";
import { wecomAdapter } from "./wecom";

const vector = {
  timestamp: "1409659589",
  nonce: "263014780",
  echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
  signature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
};
const config = wecomAdapter.configSchema.parse({
  baseUrl: "http://127.0.0.1:4012",
  corpId: "wx5823bf96d3bd56c7",
  templateId: "C4RbNGD7a3aYHjvTYWXUWRmLg9Rz5Bmt7wZsNBbdN",
  controls: { title: "Text-1", summary: "Textarea-2", fondsName: "Text-3", detailUrl: "Text-4" },
});
const secrets = { token: "QDG6eK", aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", corpSecret: "corp-secret" };
const approvalXml = readFileSync(path.join(import.meta.dirname, "__fixtures__/wecom-approval-change.xml"), "utf8").trim();

function query(params: Record<string, string>) {
  return `/api/oa/callbacks/c2?${new URLSearchParams(params).toString()}`;
}

const urlCheck: CallbackRequest = {
  method: "GET",
  url: query({ msg_signature: vector.signature, timestamp: vector.timestamp, nonce: vector.nonce, echostr: vector.echostr }),
  headers: {},
  rawBody: "",
};

/** Builds a POST the way WeCom does: encrypted inner XML inside <Encrypt>, signed over the ciphertext. */
function post(innerXml: string, { corpId = config.corpId, timestamp = "1718163700", encrypt = wxEncrypt(secrets.aesKey, innerXml, corpId, fixedRandom) } = {}): CallbackRequest {
  return {
    method: "POST",
    url: query({ msg_signature: wxSignature(secrets.token, timestamp, "1372623149", encrypt), timestamp, nonce: "1372623149" }),
    headers: { "Content-Type": "text/xml" },
    rawBody: `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[3010040]]></AgentID></xml>`,
  };
}
const sentAt = new Date(1718163700 * 1000);

describe("wecom callback", () => {
  it("answers the official URL check vector with the decrypted echostr", () => {
    expect(wecomAdapter.verifyCallback(urlCheck, config, secrets, new Date(1409659589 * 1000), fixedRandom)).toEqual({
      ok: true,
      value: {
        type: "handshake",
        nonce: "263014780",
        timestamp: "1409659589",
        reply: { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "1616140317555161061" },
      },
    });
  });

  it("rejects the URL check for another corp, with a forged signature, or too late", () => {
    const now = new Date(1409659589 * 1000);
    expect(wecomAdapter.verifyCallback(urlCheck, { ...config, corpId: "wwother" }, secrets, now, fixedRandom)).toEqual({ ok: false, error: { code: "oa.wrong_receiver" } });
    const forged = { ...urlCheck, url: urlCheck.url.replace(vector.signature, "f".repeat(40)) };
    expect(wecomAdapter.verifyCallback(forged, config, secrets, now, fixedRandom)).toEqual({ ok: false, error: { code: "oa.bad_signature" } });
    expect(wecomAdapter.verifyCallback(urlCheck, config, secrets, new Date(now.getTime() + 301_000), fixedRandom)).toEqual({ ok: false, error: { code: "oa.expired" } });
  });

  it("cuts an approver's comment longer than Acta keeps (2000) instead of losing the decision, never splitting a character", () => {
    const speech = `${"a".repeat(1998)}😀${"b".repeat(100)}`;
    const xml = approvalXml.replace("同意借阅，限三日", speech);
    const result = wecomAdapter.verifyCallback(post(xml), config, secrets, sentAt, fixedRandom);
    if (!result.ok || result.value.type !== "event" || result.value.event.kind !== "approval.decided") throw new Error(JSON.stringify(result));
    expect(result.value.event.comment).toBe(`${"a".repeat(1998)}…`);
  });

  it("maps an approved sys_approval_change to a decision by the deciding approver", () => {
    const result = wecomAdapter.verifyCallback(post(approvalXml), config, secrets, sentAt, fixedRandom);
    if (!result.ok || result.value.type !== "event") throw new Error(JSON.stringify(result));
    expect(result.value.reply.body).toBe("success");
    expect(result.value.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.value.event).toEqual({
      kind: "approval.decided",
      externalId: "202406120001234567",
      decision: "approved",
      comment: "同意借阅，限三日",
      decidedBy: "lisi",
      decidedAt: "2024-06-12T03:40:00.000Z",
    });
  });

  it("maps 已驳回 to rejected, 已撤销 to a withdrawal and 通过后撤销 to a revocation by the applicant, and other statuses to ignored", () => {
    const status = (value: string) => {
      const xml = approvalXml.replaceAll("<SpStatus>2</SpStatus>", `<SpStatus>${value}</SpStatus>`);
      const result = wecomAdapter.verifyCallback(post(xml), config, secrets, sentAt, fixedRandom);
      return result.ok && result.value.type === "event" ? result.value.event : result;
    };
    expect(status("3")).toMatchObject({ kind: "approval.decided", decision: "rejected", decidedBy: "lisi" });
    expect(status("1")).toEqual({ kind: "ignored", reason: "sp_status_1" });
    expect(status("4")).toEqual({ kind: "approval.withdrawn", externalId: "202406120001234567", withdrawnBy: "zhangsan", withdrawnAt: sentAt.toISOString() });
    // 通过后撤销 revokes an approval in the OA: reported, so the archivists hear of it (nothing is unfiled).
    expect(status("6")).toEqual({ kind: "approval.revoked", externalId: "202406120001234567", revokedBy: "zhangsan", revokedAt: sentAt.toISOString() });
    expect(status("7")).toEqual({ kind: "ignored", reason: "sp_status_7" });
    const other = approvalXml.replace("sys_approval_change", "change_contact");
    const result = wecomAdapter.verifyCallback(post(other), config, secrets, sentAt, fixedRandom);
    expect(result.ok && result.value.type === "event" && result.value.event).toEqual({ kind: "ignored", reason: "event:change_contact" });
  });

  it("acknowledges and ignores approvals of the company's other templates", () => {
    // sys_approval_change is pushed for every template of the 审批 app, not only Acta's.
    const other = approvalXml.replace("C4RbNGD7a3aYHjvTYWXUWRmLg9Rz5Bmt7wZsNBbdN", "3TkZjxugodbqpEMk9fJWavsf5Q2ZVUbUTQ7WM");
    const result = wecomAdapter.verifyCallback(post(other), config, secrets, sentAt, fixedRandom);
    if (!result.ok || result.value.type !== "event") throw new Error(JSON.stringify(result));
    expect(result.value.event).toEqual({ kind: "ignored", reason: "other_template" });
    expect(result.value.reply.body).toBe("success");
  });

  it("rejects a foreign corp trailer, a tampered ciphertext and a broken envelope", () => {
    expect(wecomAdapter.verifyCallback(post(approvalXml, { corpId: "wwother" }), config, secrets, sentAt, fixedRandom)).toEqual({ ok: false, error: { code: "oa.wrong_receiver" } });
    const tampered = tamperPadding(wxEncrypt(secrets.aesKey, approvalXml, config.corpId, fixedRandom));
    expect(wecomAdapter.verifyCallback(post(approvalXml, { encrypt: tampered }), config, secrets, sentAt, fixedRandom)).toEqual({ ok: false, error: { code: "oa.decrypt_failed" } });
    const broken = { ...post(approvalXml), rawBody: "<xml><Encrypt>" };
    expect(wecomAdapter.verifyCallback(broken, config, secrets, sentAt, fixedRandom)).toEqual({ ok: false, error: { code: "oa.malformed" } });
  });

  it("refuses a callback without its signature as unsigned, not as malformed", () => {
    const req = post(approvalXml);
    const url = new URL(req.url, "http://acta.local");
    url.searchParams.delete("msg_signature");
    expect(wecomAdapter.verifyCallback({ ...req, url: `${url.pathname}${url.search}` }, config, secrets, sentAt, fixedRandom)).toEqual({ ok: false, error: { code: "oa.unsigned" } });
  });
});

describe("wecom outbound", () => {
  const now = sentAt;

  it("finds an approval by listing the creator's approvals of the template in the window, then reading each one's detail link", () => {
    const window = { from: new Date("2026-03-02T00:00:00Z"), to: new Date("2026-03-02T00:20:00Z") };
    const first = wecomAdapter.findCreated!.start(approval, config, secrets, { now, accessToken: "wt" }, window);
    if (!first.ok || first.value.done) throw new Error("a lookup must list first");
    expect(first.value.request.url).toBe("http://127.0.0.1:4012/cgi-bin/oa/getapprovalinfo?access_token=wt");
    expect(JSON.parse(first.value.request.body ?? "")).toEqual({ starttime: String(window.from.getTime() / 1000), endtime: String(window.to.getTime() / 1000), new_cursor: "", size: 100, filters: [{ key: "template_id", value: "C4RbNGD7a3aYHjvTYWXUWRmLg9Rz5Bmt7wZsNBbdN" }, { key: "creator", value: "zhangsan" }] });
    const page = first.value.read(200, '{"errcode":0,"errmsg":"ok","sp_no_list":["202603020001"],"new_next_cursor":"c-2"}');
    if (!page.ok || page.value.done) throw new Error("a listed id must be shown");
    expect(page.value.request).toMatchObject({ method: "POST", url: "http://127.0.0.1:4012/cgi-bin/oa/getapprovaldetail?access_token=wt", body: '{"sp_no":"202603020001"}' });
    const other = page.value.read(200, '{"errcode":0,"errmsg":"ok","info":{"sp_no":"202603020001","apply_data":{"contents":[{"control":"Text","id":"Text-4","value":{"text":"https://acta.example/embed/approvals/00000000-0000-4000-8000-000000000000"}}]}}}');
    if (!other.ok || other.value.done) throw new Error("another approval's instance must not match; the next page follows");
    expect(JSON.parse(other.value.request.body ?? "")).toMatchObject({ new_cursor: "c-2" });
    const last = other.value.read(200, '{"errcode":0,"errmsg":"ok","sp_no_list":["202603020002"]}');
    if (!last.ok || last.value.done) throw new Error("the second page's id must be shown");
    expect(last.value.read(200, `{"errcode":0,"errmsg":"ok","info":{"sp_no":"202603020002","apply_data":{"contents":[{"control":"Text","id":"Text-4","value":{"text":"${approval.detailUrl}"}}]}}}`)).toEqual({ ok: true, value: { done: true, externalId: "202603020002" } });
    const empty = first.value.read(200, '{"errcode":0,"errmsg":"ok","sp_no_list":[]}');
    expect(empty).toEqual({ ok: true, value: { done: true, externalId: null } });
    expect(wecomAdapter.findCreated!.start(approval, config, secrets, { now }, window)).toEqual({ ok: false, error: { code: "oa.token_missing" } });
  });

  it("builds the gettoken request and reads its reply", () => {
    expect(wecomAdapter.tokenFlow?.buildTokenRequest(config, secrets)).toEqual({
      method: "GET",
      url: "http://127.0.0.1:4012/cgi-bin/gettoken?corpid=wx5823bf96d3bd56c7&corpsecret=corp-secret",
      headers: {},
    });
    expect(wecomAdapter.tokenFlow?.parseTokenResponse(200, '{"errcode":0,"errmsg":"ok","access_token":"wt","expires_in":7200}')).toEqual({
      ok: true,
      value: { accessToken: "wt", expiresInSeconds: 7200 },
    });
  });

  it("posts applyevent with controls, approvers and summary lines", () => {
    const built = wecomAdapter.buildOutbound(approval, config, secrets, { now, accessToken: "wt" });
    if (!built.ok) throw new Error(built.error.code);
    const [req] = built.value;
    expect(req?.url).toBe("http://127.0.0.1:4012/cgi-bin/oa/applyevent?access_token=wt");
    expect(JSON.parse(req?.body ?? "")).toEqual({
      creator_userid: "zhangsan",
      template_id: "C4RbNGD7a3aYHjvTYWXUWRmLg9Rz5Bmt7wZsNBbdN",
      use_template_approver: 0,
      approver: [{ attr: 1, userid: ["lisi", "wangwu"] }],
      apply_data: {
        contents: [
          { control: "Text", id: "Text-1", value: { text: approval.title } },
          { control: "Textarea", id: "Textarea-2", value: { text: approval.summary } },
          { control: "Text", id: "Text-3", value: { text: approval.fondsName } },
          { control: "Text", id: "Text-4", value: { text: approval.detailUrl } },
        ],
      },
      summary_list: [
        { summary_info: [{ text: "2013年度会计凭证销毁审批", lang: "zh_CN" }] },
        { summary_info: [{ text: "示例集团有限公司", lang: "zh_CN" }] },
      ],
    });
  });

  it("leaves approvers to the template when configured, and otherwise requires them", () => {
    const templated = wecomAdapter.buildOutbound({ ...approval, approverOaUserIds: [] }, { ...config, useTemplateApprover: true }, secrets, { now, accessToken: "wt" });
    const body = templated.ok ? (JSON.parse(templated.value[0]?.body ?? "") as Record<string, unknown>) : {};
    expect(body.use_template_approver).toBe(1);
    expect(body).not.toHaveProperty("approver");
    expect(wecomAdapter.buildOutbound({ ...approval, approverOaUserIds: [] }, config, secrets, { now, accessToken: "wt" })).toEqual({ ok: false, error: { code: "oa.missing_approvers" } });
  });

  it("reads sp_no and turns errcode into oa.vendor_error", () => {
    expect(wecomAdapter.parseOutboundResponse(200, '{"errcode":0,"errmsg":"ok","sp_no":"202406120001234567"}', approval)).toEqual({ ok: true, value: { externalId: "202406120001234567" } });
    expect(wecomAdapter.parseOutboundResponse(200, '{"errcode":301025,"errmsg":"invalid template_id"}', approval)).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "301025", vendorMessage: "invalid template_id" } },
    });
  });
});

describe("wecom completion", () => {
  const now = new Date("2024-06-12T03:00:00.000Z");
  const notifying = { ...config, notifyAgentId: 1000002 };

  it("tells the approvers the create asked with one application message that links to the request in Acta", () => {
    expect(wecomAdapter.buildCompletion?.(ended, notifying, secrets, { now, accessToken: "wt" })).toEqual({
      ok: true,
      value: [
        {
          method: "POST",
          url: "http://127.0.0.1:4012/cgi-bin/message/send?access_token=wt",
          headers: { "Content-Type": "application/json; charset=utf-8" },
          body: JSON.stringify({
            touser: "lisi|wangwu",
            msgtype: "textcard",
            agentid: 1000002,
            textcard: {
              title: "审批已在 Acta 中办结",
              description: "「2013年度会计凭证销毁审批」已在 Acta 中批准，无需在企业微信中处理。",
              url: approval.detailUrl,
              btntxt: "查看详情",
            },
            enable_duplicate_check: 1,
            duplicate_check_interval: 1800,
          }),
        },
      ],
    });
    const withdrawn = wecomAdapter.buildCompletion?.({ ...ended, endingNote: "已在 Acta 中撤回" }, notifying, secrets, { now, accessToken: "wt" });
    expect(withdrawn?.ok && (JSON.parse(withdrawn.value[0]?.body ?? "{}") as { textcard: { description: string } }).textcard.description).toBe(
      "「2013年度会计凭证销毁审批」已在 Acta 中撤回，无需在企业微信中处理。",
    );
    expect(wecomAdapter.buildCompletion?.(ended, notifying, secrets, { now })).toEqual({ ok: false, error: { code: "oa.token_missing" } });
  });

  it("sends nothing without an agent to send from, or without approvers to tell", () => {
    expect(wecomAdapter.completesWith?.(config)).toBe(false);
    expect(wecomAdapter.completesWith?.(notifying)).toBe(true);
    expect(wecomAdapter.buildCompletion?.(ended, config, secrets, { now, accessToken: "wt" })).toEqual({ ok: true, value: [] });
    expect(wecomAdapter.buildCompletion?.({ ...ended, approverOaUserIds: [] }, notifying, secrets, { now, accessToken: "wt" })).toEqual({ ok: true, value: [] });
    // WeCom's own decision or withdrawal ended its approval there: nothing to tell.
    expect(wecomAdapter.endsOwnInstance).toBe(true);
  });

  it("takes errcode 0 as sent, invaliduser included, and keeps WeCom's code and words otherwise", () => {
    const parse = wecomAdapter.parseCompletionResponse!;
    expect(parse(200, '{"errcode":0,"errmsg":"ok","invaliduser":"","msgid":"xx"}')).toEqual({ ok: true, value: null });
    expect(parse(200, '{"errcode":0,"errmsg":"ok","invaliduser":"wangwu","msgid":"xx"}')).toEqual({ ok: true, value: null });
    expect(parse(200, '{"errcode":60020,"errmsg":"not allow to access from your ip"}')).toEqual({
      ok: false,
      error: { code: "oa.vendor_error", params: { vendorCode: "60020", vendorMessage: "not allow to access from your ip" } },
    });
  });
});
