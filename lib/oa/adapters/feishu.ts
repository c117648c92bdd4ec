import { createHash } from "node:crypto";
import { z } from "zod";
import { fail, ok, type Result } from "@/lib/errors";
import { feishuDecrypt } from "../crypto/feishu-aes";
import { formFieldMapSchema, formValues } from "../form-fields";
import {
  checkWindow,
  epochToIso,
  headerValue,
  joinUrl,
  jsonPost,
  jsonReply,
  parseJson,
  parseVendorJson,
  safeEqual,
  vendorError,
} from "../http-parts";
import type {
  ApprovalDecisionEvent,
  CallbackOutcome,
  CallbackRequest,
  EndedApproval,
  InstanceStatus,
  OaAdapter,
  OaEvent,
  OutboundApproval,
  OutboundContext,
  OutboundRequest,
  TokenFlow,
} from "../types";

export const feishuConfigSchema = z.object({
  baseUrl: z.url().default("https://open.feishu.cn"),
  appId: z.string().min(1),
  /** The approval definition Acta creates instances of, and whose events it accepts. */
  approvalCode: z.string().min(1),
  userIdType: z.enum(["user_id", "open_id"]).default("user_id"),
  /** Widget ids in the approval form (summary is a textarea, the others input). */
  widgets: formFieldMapSchema,
  /** A "self-select approver" node that receives Acta's approver list; without it the definition's chain applies. */
  approverNodeId: z.string().min(1).optional(),
  defaultRequesterId: z.string().min(1).optional(),
});
export const feishuSecretsSchema = z.object({
  appSecret: z.string().min(1),
  verificationToken: z.string().min(1),
  /** Optional in Feishu; when set, events arrive encrypted and signed. */
  encryptKey: z.string().min(1).optional(),
});
export type FeishuConfig = z.infer<typeof feishuConfigSchema>;
export type FeishuSecrets = z.infer<typeof feishuSecretsSchema>;

const encryptedSchema = z.object({ encrypt: z.string().min(1) });
const urlVerificationSchema = z.object({ type: z.literal("url_verification"), challenge: z.string(), token: z.string() });
const approvalInstanceSchema = z.object({
  type: z.literal("approval_instance"),
  app_id: z.string().optional(),
  approval_code: z.string(),
  instance_code: z.string().min(1),
  status: z.string(),
  // Epoch milliseconds, sent as a string or, in Feishu's own sample and for REVERTED, as an int64 number.
  operate_time: z.union([z.string(), z.number()]).optional(),
  instance_operate_time: z.union([z.string(), z.number()]).optional(),
});
const v1Schema = z.object({
  type: z.literal("event_callback"),
  uuid: z.string().min(1),
  token: z.string(),
  ts: z.string().optional(),
  event: z.looseObject({ type: z.string() }),
});
const v2Schema = z.object({
  schema: z.literal("2.0"),
  header: z.object({ event_id: z.string().min(1), event_type: z.string(), token: z.string(), app_id: z.string() }),
  event: z.looseObject({}),
});

/** Feishu's own check: hex SHA-256 of timestamp + nonce + Encrypt Key + the raw body. */
export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash("sha256").update(timestamp + nonce + encryptKey + rawBody).digest("hex");
}

const finalStatus: Record<string, ApprovalDecisionEvent["decision"]> = { APPROVED: "approved", REJECTED: "rejected" };

function mapEvent(event: Record<string, unknown>, config: FeishuConfig, sentAt: string | undefined): OaEvent {
  const parsed = approvalInstanceSchema.safeParse(event);
  if (!parsed.success) return { kind: "ignored", reason: `event:${String(event.type)}` };
  const instance = parsed.data;
  if (instance.approval_code !== config.approvalCode) return { kind: "ignored", reason: "other_approval" };
  const operatedAt = instance.operate_time ?? instance.instance_operate_time;
  const at = (operatedAt !== undefined && epochToIso(operatedAt, "ms")) || sentAt;
  // CANCELED: the applicant withdrew (撤回) a pending instance. REVERTED: an approved one was revoked (撤销); a
  // filed archive is not unfiled, but the archivists must hear of it. The events name no user, so the verified
  // OA acts. DELETED and OVERTIME_* end nothing.
  if (instance.status === "CANCELED" || instance.status === "REVERTED") {
    if (!at) return { kind: "ignored", reason: "no_decision_time" };
    return instance.status === "CANCELED"
      ? { kind: "approval.withdrawn", externalId: instance.instance_code, withdrawnAt: at }
      : { kind: "approval.revoked", externalId: instance.instance_code, revokedAt: at };
  }
  const decision = finalStatus[instance.status];
  if (!decision) return { kind: "ignored", reason: `status_${instance.status.toLowerCase()}` };
  if (!at) return { kind: "ignored", reason: "no_decision_time" };
  return { kind: "approval.decided", externalId: instance.instance_code, decision, decidedAt: at };
}

function verifyCallback(req: CallbackRequest, config: FeishuConfig, secrets: FeishuSecrets, now: Date): Result<CallbackOutcome> {
  if (req.method !== "POST") return fail("oa.malformed");
  const timestamp = headerValue(req.headers, "X-Lark-Request-Timestamp");
  const nonce = headerValue(req.headers, "X-Lark-Request-Nonce");
  const signature = headerValue(req.headers, "X-Lark-Signature");
  if (signature !== undefined && secrets.encryptKey !== undefined) {
    if (!timestamp || !/^\d{1,12}$/.test(timestamp) || nonce === undefined) return fail("oa.malformed");
    if (!safeEqual(signature, feishuSignature(timestamp, nonce, secrets.encryptKey, req.rawBody))) return fail("oa.bad_signature");
    const fresh = checkWindow(Number(timestamp) * 1000, now);
    if (!fresh.ok) return fresh;
  }

  let body = parseJson(req.rawBody);
  const encrypted = encryptedSchema.safeParse(body);
  if (encrypted.success) {
    if (secrets.encryptKey === undefined) return fail("oa.malformed");
    const plain = feishuDecrypt(secrets.encryptKey, encrypted.data.encrypt);
    if (!plain.ok) return plain;
    body = parseJson(plain.value);
  }
  const replay = { ...(nonce !== undefined && { nonce }), ...(timestamp !== undefined && { timestamp }) };
  const reply = jsonReply({ msg: "success" });

  // Without a signature the Verification Token inside the (decrypted) body is the proof of origin.
  const handshake = urlVerificationSchema.safeParse(body);
  if (handshake.success) {
    if (!safeEqual(handshake.data.token, secrets.verificationToken)) return fail("oa.bad_signature");
    return ok({ type: "handshake", reply: jsonReply({ challenge: handshake.data.challenge }), ...replay });
  }
  // With an Encrypt Key Feishu signs every event (its SDKs refuse an unsigned one): without this, a
  // captured event with its signature headers removed would skip the time window and the replay key.
  if (secrets.encryptKey !== undefined && signature === undefined) return fail("oa.unsigned");
  const v2 = v2Schema.safeParse(body);
  if (v2.success) {
    const { header, event } = v2.data;
    if (!safeEqual(header.token, secrets.verificationToken)) return fail("oa.bad_signature");
    if (header.app_id !== config.appId) return fail("oa.wrong_receiver");
    return ok({ type: "event", eventId: header.event_id, reply, ...replay, event: mapEvent(event, config, undefined) });
  }
  // Approval instance events still arrive in the v1 envelope (open.feishu.cn approval-v4 event docs).
  const v1 = v1Schema.safeParse(body);
  if (!v1.success) return fail("oa.malformed");
  const { uuid, token, ts, event } = v1.data;
  if (!safeEqual(token, secrets.verificationToken)) return fail("oa.bad_signature");
  if (typeof event.app_id === "string" && event.app_id !== config.appId) return fail("oa.wrong_receiver");
  return ok({ type: "event", eventId: uuid, reply, ...replay, event: mapEvent(event, config, ts && epochToIso(ts, "s")) });
}

function parseFeishuJson(status: number, body: string): Result<Record<string, unknown>> {
  const json = parseVendorJson(status, body);
  if (!json.ok) return json;
  const { code, msg } = json.value;
  if (code !== 0) return vendorError(typeof code === "number" ? code : `http_${status}`, msg);
  return json;
}

const tokenFlow: TokenFlow<FeishuConfig, FeishuSecrets> = {
  buildTokenRequest: (config, secrets) =>
    jsonPost(joinUrl(config.baseUrl, "/open-apis/auth/v3/tenant_access_token/internal"), {
      app_id: config.appId,
      app_secret: secrets.appSecret,
    }),
  parseTokenResponse(status, body) {
    const json = parseFeishuJson(status, body);
    if (!json.ok) return json;
    const { tenant_access_token, expire } = json.value;
    if (typeof tenant_access_token !== "string" || typeof expire !== "number") return fail("oa.bad_response", { status });
    return ok({ accessToken: tenant_access_token, expiresInSeconds: expire });
  },
};

const initiatorOf = (request: OutboundApproval, config: FeishuConfig) => request.requesterOaUserId ?? config.defaultRequesterId;

function buildOutbound(
  request: OutboundApproval,
  config: FeishuConfig,
  _secrets: FeishuSecrets,
  ctx: OutboundContext,
): Result<OutboundRequest[]> {
  if (!ctx.accessToken) return fail("oa.token_missing");
  const requester = initiatorOf(request, config);
  if (!requester) return fail("oa.missing_requester");
  const form = formValues(request).map(({ field, value }) => ({
    id: config.widgets[field],
    type: field === "summary" ? "textarea" : "input",
    value,
  }));
  const approverList = config.userIdType === "user_id" ? "node_approver_user_id_list" : "node_approver_open_id_list";
  const body = {
    approval_code: config.approvalCode,
    [config.userIdType]: requester,
    // Feishu expects the form as a JSON string, not an array.
    form: JSON.stringify(form),
    // Feishu creates one instance per uuid and refuses a second create with it (60012): see findCreated.
    uuid: request.approvalId,
    ...(config.approverNodeId !== undefined &&
      request.approverOaUserIds.length > 0 && {
        [approverList]: [{ key: config.approverNodeId, value: request.approverOaUserIds }],
      }),
  };
  return ok([
    jsonPost(joinUrl(config.baseUrl, "/open-apis/approval/v4/instances"), body, {
      Authorization: `Bearer ${ctx.accessToken}`,
    }),
  ]);
}

/** Feishu's answer to a create whose uuid already made an instance. */
const UUID_TAKEN = "60012";

/** The instance a create made whose reply was lost: Feishu's get-instance accepts the create's uuid as its id. */
const findCreated: NonNullable<OaAdapter<FeishuConfig, FeishuSecrets>["findCreated"]> = {
  isRepeat: (error) => error.code === "oa.vendor_error" && error.params?.vendorCode === UUID_TAKEN,
  start(request, config, _secrets, ctx) {
    if (!ctx.accessToken) return fail("oa.token_missing");
    return ok({
      done: false,
      request: {
        method: "GET",
        url: joinUrl(config.baseUrl, `/open-apis/approval/v4/instances/${encodeURIComponent(request.approvalId)}`),
        headers: { Authorization: `Bearer ${ctx.accessToken}` },
      },
      read(status, body) {
        const found = parseOutboundResponse(status, body);
        return found.ok ? ok({ done: true, externalId: found.value.externalId }) : found;
      },
    });
  },
};

function parseOutboundResponse(status: number, body: string): Result<{ externalId: string }> {
  const json = parseFeishuJson(status, body);
  if (!json.ok) return json;
  const data = json.value.data;
  const instanceCode = typeof data === "object" && data !== null && "instance_code" in data ? data.instance_code : undefined;
  return typeof instanceCode === "string" && instanceCode !== "" ? ok({ externalId: instanceCode }) : fail("oa.bad_response", { status });
}

/**
 * Withdraws (撤回) the instance of a request that ended in Acta. Feishu lets only the initiator withdraw, and
 * only when the definition allows withdrawing pending requests (允许撤销审批中的申请); otherwise it refuses,
 * and the refusal stays on the dead-letter list with Feishu's words. The call takes no remark.
 */
function buildCompletion(request: EndedApproval, config: FeishuConfig, _secrets: FeishuSecrets, ctx: OutboundContext): Result<OutboundRequest[]> {
  if (!ctx.accessToken) return fail("oa.token_missing");
  const initiator = initiatorOf(request, config);
  if (!initiator) return fail("oa.missing_requester");
  return ok([
    jsonPost(
      joinUrl(config.baseUrl, "/open-apis/approval/v4/instances/cancel", { user_id_type: config.userIdType }),
      { approval_code: config.approvalCode, instance_code: request.externalId, user_id: initiator },
      { Authorization: `Bearer ${ctx.accessToken}` },
    ),
  ]);
}

function parseCompletionResponse(status: number, body: string): Result<null> {
  const json = parseFeishuJson(status, body);
  return json.ok ? ok(null) : json;
}

/** Feishu's ended instances (get-instance `status`): approved, rejected, withdrawn (撤回), deleted, or approved and then revoked (REVERTED, ADR 0022). Only PENDING can still be cancelled. */
const FINISHED_STATUSES = new Set(["APPROVED", "REJECTED", "CANCELED", "DELETED", "REVERTED"]);
const instanceStatusSchema = z.object({ data: z.object({ status: z.string().min(1) }) });

/**
 * The status of an instance that refused cancel (get-instance, which findCreated calls with the create's
 * uuid; here with the instance_code the create got back): an approver may have answered in Feishu just as
 * the request ended in Acta. A status Feishu does not list here is not taken for an end.
 */
const instanceStatus: NonNullable<OaAdapter<FeishuConfig, FeishuSecrets>["instanceStatus"]> = {
  build(request, config, _secrets, ctx) {
    if (!ctx.accessToken) return fail("oa.token_missing");
    return ok({
      method: "GET",
      url: joinUrl(config.baseUrl, `/open-apis/approval/v4/instances/${encodeURIComponent(request.externalId)}`),
      headers: { Authorization: `Bearer ${ctx.accessToken}` },
    });
  },
  read(status, body): Result<InstanceStatus> {
    const json = parseFeishuJson(status, body);
    if (!json.ok) return json;
    const instance = instanceStatusSchema.safeParse(json.value);
    if (!instance.success) return fail("oa.bad_response", { status });
    const seen = instance.data.data.status;
    return ok({ status: seen, finished: FINISHED_STATUSES.has(seen) });
  },
};

export const feishuAdapter: OaAdapter<FeishuConfig, FeishuSecrets> = {
  kind: "feishu",
  configSchema: feishuConfigSchema,
  secretsSchema: feishuSecretsSchema,
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
