import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { clipDecisionComment } from "@/lib/approvals/decision-comment";
import { fail, ok, type Result } from "@/lib/errors";
import { wxDecrypt, wxSignature } from "../crypto/wx-aes";
import { carriesApproval, listThenMatch } from "../find-created";
import { formFieldMapSchema, formValues } from "../form-fields";
import {
  bodyDigest,
  checkWindow,
  epochToIso,
  joinUrl,
  jsonPost,
  parseVendorJson,
  queryValue,
  safeEqual,
  textReply,
  vendorError,
} from "../http-parts";
import type {
  ApprovalDecisionEvent,
  EndedApproval,
  CallbackOutcome,
  CallbackRequest,
  OaAdapter,
  OaEvent,
  OutboundApproval,
  OutboundContext,
  OutboundRequest,
  TokenFlow,
} from "../types";

export const wecomConfigSchema = z.object({
  baseUrl: z.url().default("https://qyapi.weixin.qq.com"),
  corpId: z.string().min(1),
  templateId: z.string().min(1),
  /** Control ids in the WeCom approval template (summary is a Textarea, the others Text). */
  controls: formFieldMapSchema,
  /** When true the template's own approval chain applies and Acta's approver list is not sent. */
  useTemplateApprover: z.boolean().default(false),
  /** any = 或签 (one approver decides), all = 会签 (everyone must agree). */
  approverMode: z.enum(["any", "all"]).default("any"),
  defaultCreatorUserId: z.string().min(1).optional(),
  /**
   * AgentId of the self-built app that tells the approvers when a request ends in Acta (ADR 0024): WeCom
   * cannot end an approval from outside. corpSecret must be this app's secret, so the app needs both the
   * approval API and a visible range covering the approvers. Left out, WeCom is told nothing, as before.
   */
  notifyAgentId: z.number().int().positive().optional(),
});
export const wecomSecretsSchema = z.object({
  token: z.string().min(1),
  aesKey: z.string().regex(/^[A-Za-z0-9+/]{43}$/),
  /** Secret of the approval application, for cgi-bin/gettoken. */
  corpSecret: z.string().min(1),
});
export type WecomConfig = z.infer<typeof wecomConfigSchema>;
export type WecomSecrets = z.infer<typeof wecomSecretsSchema>;

// Tag values stay strings: SpNo is a 12+ digit number that must not lose precision.
const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === "SpRecord" || name === "Details",
});

function parseXml(text: string): unknown {
  return XMLValidator.validate(text) === true ? (xml.parse(text) as unknown) : undefined;
}

const envelopeSchema = z.object({ xml: z.object({ Encrypt: z.string().min(1) }) });
const messageSchema = z.object({
  xml: z.looseObject({ MsgType: z.string().optional(), Event: z.string().optional(), CreateTime: z.string().optional() }),
});
const detailSchema = z.object({
  Approver: z.object({ UserId: z.string() }).optional(),
  Speech: z.string().optional(),
  SpStatus: z.string(),
  SpTime: z.string().optional(),
});
const approvalInfoSchema = z.object({
  SpNo: z.string().min(1),
  SpStatus: z.string(),
  TemplateId: z.string().optional(),
  Applyer: z.object({ UserId: z.string().optional() }).optional(),
  SpRecord: z.array(z.object({ Details: z.array(detailSchema).optional() })).optional(),
});

/**
 * SpStatus of sys_approval_change: 2 已通过 and 3 已驳回 are final decisions, and 4 已撤销 is the applicant
 * withdrawing while it was 审批中; 6 通过后撤销 revokes an approved one (a filed archive is not unfiled, but
 * the archivists must hear of it); 1 审批中, 7 已删除 and 10 已支付 end nothing in Acta.
 */
const WITHDRAWN = "4";
const REVOKED = "6";
const finalStatus: Record<string, ApprovalDecisionEvent["decision"]> = { "2": "approved", "3": "rejected" };

function mapApproval(
  info: z.infer<typeof approvalInfoSchema>,
  config: WecomConfig,
  sentAt: string | undefined,
): OaEvent {
  // sys_approval_change is pushed for every template of the company's 审批 app; only the connector's
  // template carries Acta approvals, and the others must still be acknowledged so WeCom stops retrying.
  if (info.TemplateId !== undefined && info.TemplateId !== config.templateId) return { kind: "ignored", reason: "other_template" };
  // Only the applicant withdraws or revokes in WeCom; the event's own time is when it happened.
  if (info.SpStatus === WITHDRAWN || info.SpStatus === REVOKED) {
    if (!sentAt) return { kind: "ignored", reason: "no_decision_time" };
    const by = info.Applyer?.UserId;
    return info.SpStatus === WITHDRAWN
      ? { kind: "approval.withdrawn", externalId: info.SpNo, ...(by && { withdrawnBy: by }), withdrawnAt: sentAt }
      : { kind: "approval.revoked", externalId: info.SpNo, ...(by && { revokedBy: by }), revokedAt: sentAt };
  }
  const decision = finalStatus[info.SpStatus];
  if (!decision) return { kind: "ignored", reason: `sp_status_${info.SpStatus}` };
  // The deciding step is the latest approver detail carrying the same status as the whole approval.
  const decisive = (info.SpRecord ?? [])
    .flatMap((record) => record.Details ?? [])
    .filter((detail) => detail.SpStatus === info.SpStatus && Number(detail.SpTime ?? 0) > 0)
    .sort((a, b) => Number(a.SpTime) - Number(b.SpTime))
    .at(-1);
  const decidedAt = (decisive?.SpTime && epochToIso(decisive.SpTime, "s")) || sentAt;
  if (!decidedAt) return { kind: "ignored", reason: "no_decision_time" };
  return {
    kind: "approval.decided",
    externalId: info.SpNo,
    decision,
    ...(decisive?.Speech && { comment: clipDecisionComment(decisive.Speech) }),
    ...(decisive?.Approver?.UserId && { decidedBy: decisive.Approver.UserId }),
    decidedAt,
  };
}

function verifyCallback(req: CallbackRequest, config: WecomConfig, secrets: WecomSecrets, now: Date): Result<CallbackOutcome> {
  const signature = queryValue(req.url, "msg_signature");
  const timestamp = queryValue(req.url, "timestamp");
  const nonce = queryValue(req.url, "nonce");
  const echostr = queryValue(req.url, "echostr");
  if (!signature) return fail("oa.unsigned");
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !nonce) return fail("oa.malformed");

  let encrypted: string;
  if (req.method === "GET" && echostr) encrypted = echostr;
  else if (req.method === "POST") {
    const envelope = envelopeSchema.safeParse(parseXml(req.rawBody));
    if (!envelope.success) return fail("oa.malformed");
    encrypted = envelope.data.xml.Encrypt;
  } else return fail("oa.malformed");

  if (!safeEqual(signature, wxSignature(secrets.token, timestamp, nonce, encrypted))) return fail("oa.bad_signature");
  const fresh = checkWindow(Number(timestamp) * 1000, now);
  if (!fresh.ok) return fresh;
  const decrypted = wxDecrypt(secrets.aesKey, encrypted);
  if (!decrypted.ok) return decrypted;
  if (!safeEqual(decrypted.value.receiverId, config.corpId)) return fail("oa.wrong_receiver");
  const { message } = decrypted.value;
  // URL verification: echo the decrypted echostr as plain text (WeCom waits at most 1 s).
  if (req.method === "GET") return ok({ type: "handshake", reply: textReply(message), nonce, timestamp });

  const parsed = messageSchema.safeParse(parseXml(message));
  if (!parsed.success) return fail("oa.malformed");
  const body = parsed.data.xml;
  // WeCom takes "success" (or an empty body) as "received, no passive reply"; nothing needs encrypting.
  const outcome = { type: "event" as const, eventId: bodyDigest(message), nonce, timestamp, reply: textReply("success") };
  if (body.Event !== "sys_approval_change") {
    return ok({ ...outcome, event: { kind: "ignored", reason: `event:${body.Event ?? body.MsgType ?? "unknown"}` } });
  }
  const info = approvalInfoSchema.safeParse(body.ApprovalInfo);
  if (!info.success) return fail("oa.malformed");
  return ok({ ...outcome, event: mapApproval(info.data, config, body.CreateTime && epochToIso(body.CreateTime, "s")) });
}

function parseWecomJson(status: number, body: string): Result<Record<string, unknown>> {
  const json = parseVendorJson(status, body);
  if (!json.ok) return json;
  const { errcode, errmsg } = json.value;
  if (errcode !== 0) return vendorError(typeof errcode === "number" ? errcode : `http_${status}`, errmsg);
  return json;
}

const tokenFlow: TokenFlow<WecomConfig, WecomSecrets> = {
  buildTokenRequest: (config, secrets) => ({
    method: "GET",
    url: joinUrl(config.baseUrl, "/cgi-bin/gettoken", { corpid: config.corpId, corpsecret: secrets.corpSecret }),
    headers: {},
  }),
  parseTokenResponse(status, body) {
    const json = parseWecomJson(status, body);
    if (!json.ok) return json;
    const { access_token, expires_in } = json.value;
    if (typeof access_token !== "string" || typeof expires_in !== "number") return fail("oa.bad_response", { status });
    return ok({ accessToken: access_token, expiresInSeconds: expires_in });
  },
};

/** WeCom shows at most three summary lines on the approval card, each cut to 20 characters. */
const summaryLine = (text: string) => ({ summary_info: [{ text: Array.from(text).slice(0, 20).join(""), lang: "zh_CN" }] });

const creatorOf = (request: OutboundApproval, config: WecomConfig) => request.requesterOaUserId ?? config.defaultCreatorUserId;

function buildOutbound(
  request: OutboundApproval,
  config: WecomConfig,
  _secrets: WecomSecrets,
  ctx: OutboundContext,
): Result<OutboundRequest[]> {
  if (!ctx.accessToken) return fail("oa.token_missing");
  const creator = creatorOf(request, config);
  if (!creator) return fail("oa.missing_requester");
  if (!config.useTemplateApprover && request.approverOaUserIds.length === 0) return fail("oa.missing_approvers");
  const body = {
    creator_userid: creator,
    template_id: config.templateId,
    use_template_approver: config.useTemplateApprover ? 1 : 0,
    ...(!config.useTemplateApprover && {
      approver: [{ attr: config.approverMode === "any" ? 1 : 2, userid: request.approverOaUserIds }],
    }),
    apply_data: {
      contents: formValues(request).map(({ field, value }) => ({
        control: field === "summary" ? "Textarea" : "Text",
        id: config.controls[field],
        value: { text: value },
      })),
    },
    summary_list: [summaryLine(request.title), summaryLine(request.fondsName)],
  };
  return ok([jsonPost(joinUrl(config.baseUrl, "/cgi-bin/oa/applyevent", { access_token: ctx.accessToken }), body)]);
}

function parseOutboundResponse(status: number, body: string): Result<{ externalId: string }> {
  const json = parseWecomJson(status, body);
  if (!json.ok) return json;
  const { sp_no } = json.value;
  return typeof sp_no === "string" && sp_no !== "" ? ok({ externalId: sp_no }) : fail("oa.bad_response", { status });
}

const spNoListSchema = z.object({ sp_no_list: z.array(z.string()).default([]), new_next_cursor: z.string().optional() });
const detailReplySchema = z.object({
  info: z.object({
    apply_data: z.object({ contents: z.array(z.looseObject({ id: z.string(), value: z.looseObject({ text: z.unknown() }).optional() })).default([]) }),
  }),
});

/**
 * WeCom's applyevent has no idempotency key: the approvals of the template the creator submitted in the
 * window (oa/getapprovalinfo, at most 31 days, times in seconds), then each one's form (oa/getapprovaldetail).
 */
const findCreated: NonNullable<OaAdapter<WecomConfig, WecomSecrets>["findCreated"]> = {
  start(request, config, _secrets, ctx, window) {
    const { accessToken } = ctx;
    if (!accessToken) return fail("oa.token_missing");
    const creator = creatorOf(request, config);
    if (!creator) return fail("oa.missing_requester");
    const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));
    return ok(
      listThenMatch<string>({
        page: (cursor) =>
          jsonPost(joinUrl(config.baseUrl, "/cgi-bin/oa/getapprovalinfo", { access_token: accessToken }), {
            starttime: seconds(window.from),
            endtime: seconds(window.to),
            new_cursor: cursor ?? "",
            size: 100,
            filters: [
              { key: "template_id", value: config.templateId },
              { key: "creator", value: creator },
            ],
          }),
        readPage(status, body) {
          const json = parseWecomJson(status, body);
          if (!json.ok) return json;
          const page = spNoListSchema.safeParse(json.value);
          if (!page.success) return fail("oa.bad_response", { status });
          // WeCom leaves new_next_cursor out once everything was listed.
          return ok({ ids: page.data.sp_no_list, ...(page.data.new_next_cursor && { next: page.data.new_next_cursor }) });
        },
        detail: (spNo) => jsonPost(joinUrl(config.baseUrl, "/cgi-bin/oa/getapprovaldetail", { access_token: accessToken }), { sp_no: spNo }),
        readDetail(status, body) {
          const json = parseWecomJson(status, body);
          if (!json.ok) return json;
          const detail = detailReplySchema.safeParse(json.value);
          if (!detail.success) return fail("oa.bad_response", { status });
          const link = detail.data.info.apply_data.contents.find((content) => content.id === config.controls.detailUrl);
          return ok(carriesApproval(link?.value?.text, request));
        },
      }),
    );
  },
};

/** Cuts to at most `max` characters, never splitting one: WeCom limits textcard fields in bytes (title 128, description 512). */
const clip = (text: string, max: number) => Array.from(text).slice(0, max).join("");

/**
 * WeCom has no call to end an approval from outside, so its approvers are told instead (ADR 0024): one
 * application message (message/send, textcard) to those the create asked, linking to the request in Acta.
 * The pending approval itself stays in WeCom. The texts are Chinese, like every OA screen Acta writes to.
 */
function buildCompletion(request: EndedApproval, config: WecomConfig, _secrets: WecomSecrets, ctx: OutboundContext): Result<OutboundRequest[]> {
  if (config.notifyAgentId === undefined || request.approverOaUserIds.length === 0) return ok([]);
  if (!ctx.accessToken) return fail("oa.token_missing");
  const body = {
    touser: request.approverOaUserIds.join("|"),
    msgtype: "textcard",
    agentid: config.notifyAgentId,
    textcard: {
      title: "审批已在 Acta 中办结",
      description: `「${clip(request.title, 100)}」${request.endingNote}，无需在企业微信中处理。`,
      url: request.detailUrl,
      btntxt: "查看详情",
    },
    // A retry after a reply that never arrived must not tell the approvers twice: WeCom drops a repeat of
    // the same message within the interval (seconds, its maximum is 4 hours).
    enable_duplicate_check: 1,
    duplicate_check_interval: 1800,
  };
  return ok([jsonPost(joinUrl(config.baseUrl, "/cgi-bin/message/send", { access_token: ctx.accessToken }), body)]);
}

/** errcode 0 is sent; `invaliduser` lists ids WeCom could not reach (left the company, outside the app's range), which no retry would fix. */
function parseCompletionResponse(status: number, body: string): Result<null> {
  const json = parseWecomJson(status, body);
  return json.ok ? ok(null) : json;
}

export const wecomAdapter: OaAdapter<WecomConfig, WecomSecrets> = {
  kind: "wecom",
  configSchema: wecomConfigSchema,
  secretsSchema: wecomSecretsSchema,
  verifyCallback,
  tokenFlow,
  buildOutbound,
  parseOutboundResponse,
  findCreated,
  buildCompletion,
  parseCompletionResponse,
  completesWith: (config) => config.notifyAgentId !== undefined,
  // An approval decided or withdrawn in WeCom has ended there: its approvers need no message.
  endsOwnInstance: true,
  completionLeavesInstance: true,
};
