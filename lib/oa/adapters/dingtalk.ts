import { z } from "zod";
import { clipDecisionComment } from "@/lib/approvals/decision-comment";
import { fail, ok, type Result } from "@/lib/errors";
import { wxDecrypt, wxEncrypt, wxSignature } from "../crypto/wx-aes";
import { carriesApproval, listThenMatch } from "../find-created";
import { formFieldMapSchema, formValues } from "../form-fields";
import {
  bodyDigest,
  checkWindow,
  epochToIso,
  joinUrl,
  jsonPost,
  jsonReply,
  parseJson,
  parseVendorJson,
  queryValue,
  safeEqual,
  vendorError,
} from "../http-parts";
import type {
  CallbackOutcome,
  CallbackRequest,
  EndedApproval,
  HttpReply,
  IgnoredEvent,
  InstanceStatus,
  OaAdapter,
  OutboundApproval,
  OutboundContext,
  OutboundRequest,
  RandomBytes,
  TokenFlow,
} from "../types";

export const dingtalkConfigSchema = z.object({
  baseUrl: z.url().default("https://api.dingtalk.com"),
  /** The id DingTalk appends to every encrypted callback: corpId, suiteKey or appKey. */
  ownerKey: z.string().min(1),
  appKey: z.string().min(1),
  processCode: z.string().min(1),
  deptId: z.number().int().optional(),
  microappAgentId: z.number().int().optional(),
  /** Used when the approval has no requester with a DingTalk account. */
  defaultOriginatorUserId: z.string().min(1).optional(),
  /** OR: any approver decides; AND: all must agree; NONE: a single approver. */
  approverActionType: z.enum(["OR", "AND", "NONE"]).default("OR"),
  /** Form component labels in the DingTalk approval template. */
  formFields: formFieldMapSchema.default({ title: "标题", summary: "摘要", fondsName: "全宗", detailUrl: "详情链接" }),
});
export const dingtalkSecretsSchema = z.object({
  token: z.string().min(1),
  aesKey: z.string().regex(/^[A-Za-z0-9+/]{43}$/),
  appSecret: z.string().min(1),
});
export type DingtalkConfig = z.infer<typeof dingtalkConfigSchema>;
export type DingtalkSecrets = z.infer<typeof dingtalkSecretsSchema>;

const encryptedBodySchema = z.object({ encrypt: z.string().min(1) });
const eventSchema = z.looseObject({ EventType: z.string() });
const instanceChangeSchema = z.object({
  processInstanceId: z.string().min(1),
  type: z.string(),
  result: z.string().optional(),
  remark: z.string().optional(),
  finishTime: z.union([z.number(), z.string()]).optional(),
  processCode: z.string().optional(),
  /** The employee who started the instance: on `terminate`, the one who withdrew it. */
  staffId: z.string().optional(),
});

/** The reply DingTalk waits for: the encrypted word "success", signed, or it retries the callback. */
function successReply(config: DingtalkConfig, secrets: DingtalkSecrets, now: Date, randomBytes: RandomBytes): HttpReply {
  const timeStamp = String(now.getTime());
  const nonce = randomBytes(6).toString("base64url");
  const encrypt = wxEncrypt(secrets.aesKey, "success", config.ownerKey, randomBytes);
  return jsonReply({ msg_signature: wxSignature(secrets.token, timeStamp, nonce, encrypt), timeStamp, nonce, encrypt });
}

function mapInstanceChange(event: z.infer<typeof instanceChangeSchema>, config: DingtalkConfig, sentAt: string) {
  // DingTalk pushes the instances of every template in the company (leave, expenses…); only the
  // connector's own template can carry an Acta approval, and the others must still be acknowledged.
  if (event.processCode !== undefined && event.processCode !== config.processCode) {
    return { kind: "ignored", reason: "other_process" } satisfies IgnoredEvent;
  }
  if (event.type === "terminate") {
    // The originator withdrew (撤销) the instance while it ran: no approver decided, so Acta withdraws its
    // request as well instead of recording a rejection nobody made.
    return {
      kind: "approval.withdrawn" as const,
      externalId: event.processInstanceId,
      ...(event.staffId && { withdrawnBy: event.staffId }),
      ...(event.remark && { reason: clipDecisionComment(event.remark) }),
      withdrawnAt: (event.finishTime !== undefined && epochToIso(event.finishTime, "ms")) || sentAt,
    };
  }
  if (event.type !== "finish" || (event.result !== "agree" && event.result !== "refuse")) {
    return { kind: "ignored", reason: `instance_${event.type}` } satisfies IgnoredEvent;
  }
  return {
    kind: "approval.decided" as const,
    externalId: event.processInstanceId,
    decision: event.result === "agree" ? ("approved" as const) : ("rejected" as const),
    ...(event.remark !== undefined && { comment: clipDecisionComment(event.remark) }),
    // No decidedBy: this event's staffId is the employee who started the instance (Acta's requester),
    // not an approver; the decision is the verified OA's, recorded as the connector's.
    decidedAt: (event.finishTime !== undefined && epochToIso(event.finishTime, "ms")) || sentAt,
  };
}

function verifyCallback(
  req: CallbackRequest,
  config: DingtalkConfig,
  secrets: DingtalkSecrets,
  now: Date,
  randomBytes: RandomBytes,
): Result<CallbackOutcome> {
  const signature = queryValue(req.url, "msg_signature", "signature");
  const timestamp = queryValue(req.url, "timeStamp", "timestamp");
  const nonce = queryValue(req.url, "nonce");
  const body = encryptedBodySchema.safeParse(parseJson(req.rawBody));
  if (req.method === "POST" && !signature) return fail("oa.unsigned");
  if (req.method !== "POST" || !signature || !timestamp || !/^\d{1,15}$/.test(timestamp) || !nonce || !body.success) {
    return fail("oa.malformed");
  }
  const { encrypt } = body.data;
  if (!safeEqual(signature, wxSignature(secrets.token, timestamp, nonce, encrypt))) return fail("oa.bad_signature");
  // DingTalk's timeStamp is in milliseconds.
  const fresh = checkWindow(Number(timestamp), now);
  if (!fresh.ok) return fresh;
  const decrypted = wxDecrypt(secrets.aesKey, encrypt);
  if (!decrypted.ok) return decrypted;
  if (!safeEqual(decrypted.value.receiverId, config.ownerKey)) return fail("oa.wrong_receiver");

  const message = decrypted.value.message;
  const parsed = eventSchema.safeParse(parseJson(message));
  if (!parsed.success) return fail("oa.malformed");
  const reply = successReply(config, secrets, now, randomBytes);
  const eventType = parsed.data.EventType;
  if (eventType === "check_url") return ok({ type: "handshake", reply, nonce, timestamp });

  const eventId = bodyDigest(message);
  if (eventType !== "bpms_instance_change") {
    const reason = eventType === "bpms_task_change" ? "task_change" : `event:${eventType}`;
    return ok({ type: "event", eventId, nonce, timestamp, reply, event: { kind: "ignored", reason } });
  }
  const change = instanceChangeSchema.safeParse(parsed.data);
  if (!change.success) return fail("oa.malformed");
  const sentAt = new Date(Number(timestamp)).toISOString();
  return ok({ type: "event", eventId, nonce, timestamp, reply, event: mapInstanceChange(change.data, config, sentAt) });
}

/** OAuth 2.0 app token of the new OpenAPI (api.dingtalk.com), which the workflow v1.0 API requires. */
const tokenFlow: TokenFlow<DingtalkConfig, DingtalkSecrets> = {
  buildTokenRequest: (config, secrets) =>
    jsonPost(joinUrl(config.baseUrl, "/v1.0/oauth2/accessToken"), { appKey: config.appKey, appSecret: secrets.appSecret }),
  parseTokenResponse(status, body) {
    const json = parseDingtalkJson(status, body);
    if (!json.ok) return json;
    const { accessToken, expireIn } = json.value;
    if (typeof accessToken !== "string" || typeof expireIn !== "number") return fail("oa.bad_response", { status });
    return ok({ accessToken, expiresInSeconds: expireIn });
  },
};

/** New-style errors are an HTTP error with `{code, message}`; old-style ones a 200 with `errcode != 0`. */
function parseDingtalkJson(status: number, body: string): Result<Record<string, unknown>> {
  const json = parseVendorJson(status, body);
  if (!json.ok) return json;
  const { code, message, errcode, errmsg } = json.value;
  if (errcode !== undefined && errcode !== 0) return vendorError(String(errcode), errmsg);
  if (status < 200 || status >= 300) return vendorError(typeof code === "string" ? code : `http_${status}`, message);
  return json;
}

const originatorOf = (request: OutboundApproval, config: DingtalkConfig) => request.requesterOaUserId ?? config.defaultOriginatorUserId;

function buildOutbound(
  request: OutboundApproval,
  config: DingtalkConfig,
  _secrets: DingtalkSecrets,
  ctx: OutboundContext,
): Result<OutboundRequest[]> {
  if (!ctx.accessToken) return fail("oa.token_missing");
  const originatorUserId = originatorOf(request, config);
  if (!originatorUserId) return fail("oa.missing_requester");
  const body = {
    originatorUserId,
    processCode: config.processCode,
    ...(config.deptId !== undefined && { deptId: config.deptId }),
    ...(config.microappAgentId !== undefined && { microappAgentId: config.microappAgentId }),
    // Without explicit approvers the template's own approval chain applies.
    ...(request.approverOaUserIds.length > 0 && {
      approvers: [{ actionType: config.approverActionType, userIds: request.approverOaUserIds }],
    }),
    formComponentValues: formValues(request).map(({ field, value }) => ({ name: config.formFields[field], value })),
  };
  return ok([
    jsonPost(joinUrl(config.baseUrl, "/v1.0/workflow/processInstances"), body, {
      "x-acs-dingtalk-access-token": ctx.accessToken,
    }),
  ]);
}

function parseOutboundResponse(status: number, body: string): Result<{ externalId: string }> {
  const json = parseDingtalkJson(status, body);
  if (!json.ok) return json;
  const { instanceId } = json.value;
  return typeof instanceId === "string" && instanceId !== "" ? ok({ externalId: instanceId }) : fail("oa.bad_response", { status });
}

const idListSchema = z.object({ result: z.object({ list: z.array(z.string()).default([]), nextToken: z.union([z.number(), z.string()]).optional() }) });
const instanceSchema = z.object({ result: z.object({ formComponentValues: z.array(z.looseObject({ name: z.string().optional(), value: z.unknown() })).default([]) }) });

/**
 * DingTalk has no idempotency key on create: the instances of the template started by the originator in
 * the window (workflow v1.0 instanceIds/query, the successor of topapi/processinstance/listids), then
 * each one's form (processInstances?processInstanceId, the successor of topapi/processinstance/get).
 */
const findCreated: NonNullable<OaAdapter<DingtalkConfig, DingtalkSecrets>["findCreated"]> = {
  start(request, config, _secrets, ctx, window) {
    if (!ctx.accessToken) return fail("oa.token_missing");
    const originatorUserId = originatorOf(request, config);
    if (!originatorUserId) return fail("oa.missing_requester");
    const headers = { "x-acs-dingtalk-access-token": ctx.accessToken };
    return ok(
      listThenMatch<number | string>({
        page: (cursor) =>
          jsonPost(
            joinUrl(config.baseUrl, "/v1.0/workflow/processes/instanceIds/query"),
            { processCode: config.processCode, startTime: window.from.getTime(), endTime: window.to.getTime(), nextToken: cursor ?? 0, maxResults: 20, userIds: [originatorUserId] },
            headers,
          ),
        readPage(status, body) {
          const json = parseDingtalkJson(status, body);
          if (!json.ok) return json;
          const page = idListSchema.safeParse(json.value);
          if (!page.success) return fail("oa.bad_response", { status });
          const { list, nextToken } = page.data.result;
          // The last page has no further token (or 0, as the first request sends).
          return ok({ ids: list, ...(nextToken !== undefined && nextToken !== 0 && nextToken !== "" && nextToken !== "0" && { next: nextToken }) });
        },
        detail: (id) => ({
          method: "GET",
          url: joinUrl(config.baseUrl, "/v1.0/workflow/processInstances", { processInstanceId: id }),
          headers,
        }),
        readDetail(status, body) {
          const json = parseDingtalkJson(status, body);
          if (!json.ok) return json;
          const instance = instanceSchema.safeParse(json.value);
          if (!instance.success) return fail("oa.bad_response", { status });
          const link = instance.data.result.formComponentValues.find((component) => component.name === config.formFields.detailUrl);
          return ok(carriesApproval(link?.value, request));
        },
      }),
    );
  },
};

/**
 * Ends the instance of a request that ended in Acta (v1.0 processInstances/terminate, the successor of
 * topapi/process/instance/terminate), so its approvers' to-do goes. As the system: DingTalk then needs no
 * operator, though the originator is named when known, for the instance's record.
 */
function buildCompletion(request: EndedApproval, config: DingtalkConfig, _secrets: DingtalkSecrets, ctx: OutboundContext): Result<OutboundRequest[]> {
  if (!ctx.accessToken) return fail("oa.token_missing");
  const operatingUserId = originatorOf(request, config);
  const body = { processInstanceId: request.externalId, isSystem: true, remark: request.endingNote, ...(operatingUserId && { operatingUserId }) };
  return ok([jsonPost(joinUrl(config.baseUrl, "/v1.0/workflow/processInstances/terminate"), body, { "x-acs-dingtalk-access-token": ctx.accessToken })]);
}

function parseCompletionResponse(status: number, body: string): Result<null> {
  const json = parseDingtalkJson(status, body);
  if (!json.ok) return json;
  return json.value.result === true ? ok(null) : fail("oa.bad_response", { status });
}

/** DingTalk's ended instances: approved or refused (COMPLETED), withdrawn or terminated (TERMINATED), cancelled (CANCELED). Only RUNNING can still be ended. */
const FINISHED_STATUSES = new Set(["COMPLETED", "TERMINATED", "CANCELED"]);
const instanceStatusSchema = z.object({ result: z.object({ status: z.string().min(1) }) });

/**
 * The status of an instance that refused terminate (processInstances?processInstanceId, the detail findCreated
 * reads too): its approver may have answered in DingTalk just as the request ended in Acta. A status DingTalk
 * does not list here is not taken for an end, so the message keeps its retries.
 */
const instanceStatus: NonNullable<OaAdapter<DingtalkConfig, DingtalkSecrets>["instanceStatus"]> = {
  build(request, config, _secrets, ctx) {
    if (!ctx.accessToken) return fail("oa.token_missing");
    return ok({
      method: "GET",
      url: joinUrl(config.baseUrl, "/v1.0/workflow/processInstances", { processInstanceId: request.externalId }),
      headers: { "x-acs-dingtalk-access-token": ctx.accessToken },
    });
  },
  read(status, body): Result<InstanceStatus> {
    const json = parseDingtalkJson(status, body);
    if (!json.ok) return json;
    const instance = instanceStatusSchema.safeParse(json.value);
    if (!instance.success) return fail("oa.bad_response", { status });
    const seen = instance.data.result.status;
    return ok({ status: seen, finished: FINISHED_STATUSES.has(seen) });
  },
};

export const dingtalkAdapter: OaAdapter<DingtalkConfig, DingtalkSecrets> = {
  kind: "dingtalk",
  configSchema: dingtalkConfigSchema,
  secretsSchema: dingtalkSecretsSchema,
  verifyCallback,
  tokenFlow,
  buildOutbound,
  parseOutboundResponse,
  findCreated,
  buildCompletion,
  parseCompletionResponse,
  instanceStatus,
  endsOwnInstance: true,
};
