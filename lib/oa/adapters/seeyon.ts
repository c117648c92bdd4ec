import { z } from "zod";
import { fail, ok, type Result } from "@/lib/errors";
import { joinUrl, jsonPost, parseJson, parseVendorJson, toOaWallClock, vendorError } from "../http-parts";
import type { OaAdapter, OutboundApproval, OutboundContext, OutboundRequest, TokenFlow } from "../types";
import { HMAC_SECRET_MIN_LENGTH, verifyGenericCallback } from "./generic";

/**
 * 致远 Seeyon third-party pending items (thirdpartyPending). As with Weaver, the approver decides
 * on Acta's embedded page and Seeyon sends no signed decision callback, so decisions arrive through
 * Acta's generic signed scheme, verified with `callbackSecret`.
 */
export const seeyonConfigSchema = z.object({
  baseUrl: z.url(),
  /** The REST account created under Seeyon's REST user management. */
  restUser: z.string().min(1),
  /** 注册系统编码 of Acta in Seeyon's third-party system registry. */
  registerCode: z.string().min(1),
  senderName: z.string().min(1).default("会计档案系统"),
  /** bound: ids mapped in Seeyon (thirdReceiverId); loginName: unmapped login names (noneBindingReceiver). */
  receiverBinding: z.enum(["bound", "loginName"]).default("loginName"),
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
});
export const seeyonSecretsSchema = z.object({ restPassword: z.string().min(1), callbackSecret: z.string().min(HMAC_SECRET_MIN_LENGTH) });
export type SeeyonConfig = z.infer<typeof seeyonConfigSchema>;
export type SeeyonSecrets = z.infer<typeof seeyonSecretsSchema>;

/** Seeyon's token reply carries no lifetime; ten minutes stays inside its default REST session timeout. */
const TOKEN_LIFETIME_SECONDS = 600;

const tokenFlow: TokenFlow<SeeyonConfig, SeeyonSecrets> = {
  buildTokenRequest: (config, secrets) => ({
    method: "GET",
    url: joinUrl(
      config.baseUrl,
      `/seeyon/rest/token/${encodeURIComponent(config.restUser)}/${encodeURIComponent(secrets.restPassword)}`,
    ),
    headers: { Accept: "application/json" },
  }),
  parseTokenResponse(status, body) {
    if (status < 200 || status >= 300) return vendorError(`http_${status}`, body.slice(0, 200));
    // V5 answers {"id": "<token>", "bindingUser": …}; older versions answer the bare token text.
    const json = parseJson(body);
    const id = typeof json === "object" && json !== null && "id" in json ? json.id : body.trim();
    return typeof id === "string" && /^[\w-]{8,}$/.test(id)
      ? ok({ accessToken: id, expiresInSeconds: TOKEN_LIFETIME_SECONDS })
      : fail("oa.bad_response", { status });
  },
};

/** One pending item per approver, so each carries its own stable taskId. */
const taskId = (approvalId: string, receiver: string) => `${approvalId}:${receiver}`;

function pendingRequests(
  request: OutboundApproval,
  config: SeeyonConfig,
  ctx: OutboundContext,
  build: (receiver: string) => { path: string; body: Record<string, unknown> },
): Result<OutboundRequest[]> {
  if (!ctx.accessToken) return fail("oa.token_missing");
  if (request.approverOaUserIds.length === 0) return fail("oa.missing_approvers");
  const token = ctx.accessToken;
  return ok(
    request.approverOaUserIds.map((receiver) => {
      const { path, body } = build(receiver);
      return jsonPost(joinUrl(config.baseUrl, path), body, { token });
    }),
  );
}

function buildOutbound(request: OutboundApproval, config: SeeyonConfig, _secrets: SeeyonSecrets, ctx: OutboundContext) {
  const bound = config.receiverBinding === "bound";
  return pendingRequests(request, config, ctx, (receiver) => ({
    path: "/seeyon/rest/thirdpartyPending/receive",
    body: {
      registerCode: config.registerCode,
      taskId: taskId(request.approvalId, receiver),
      title: request.title,
      senderName: config.senderName,
      state: "0",
      ...(request.requesterOaUserId !== undefined && {
        [bound ? "thirdSenderId" : "noneBindingSender"]: request.requesterOaUserId,
      }),
      [bound ? "thirdReceiverId" : "noneBindingReceiver"]: receiver,
      creationDate: toOaWallClock(new Date(request.createdAt), config.utcOffsetMinutes),
      url: request.detailUrl,
      h5url: request.detailUrl,
    },
  }));
}

function buildCompletion(request: OutboundApproval, config: SeeyonConfig, _secrets: SeeyonSecrets, ctx: OutboundContext) {
  return pendingRequests(request, config, ctx, (receiver) => ({
    path: "/seeyon/rest/thirdpartyPending/updatePendingState",
    body: { registerCode: config.registerCode, taskId: taskId(request.approvalId, receiver), state: "1" },
  }));
}

function firstErrorMessage(errorMsgs: unknown): string {
  const first: unknown = Array.isArray(errorMsgs) ? errorMsgs[0] : undefined;
  if (typeof first === "string") return first;
  if (typeof first === "object" && first !== null && "errorMsg" in first && typeof first.errorMsg === "string") {
    return first.errorMsg;
  }
  return "";
}

function parseOutboundResponse(status: number, body: string, sent: OutboundApproval): Result<{ externalId: string }> {
  const json = parseVendorJson(status, body);
  if (!json.ok) return json;
  const { success, errorMsgs } = json.value;
  if (success !== true && success !== "true") return vendorError(`http_${status}`, firstErrorMessage(errorMsgs));
  // Pending items are keyed by Acta's taskIds; Seeyon returns no id of its own.
  return ok({ externalId: sent.approvalId });
}

export const seeyonAdapter: OaAdapter<SeeyonConfig, SeeyonSecrets> = {
  kind: "seeyon",
  configSchema: seeyonConfigSchema,
  secretsSchema: seeyonSecretsSchema,
  verifyCallback: (req, _config, secrets, now) => verifyGenericCallback(req, secrets.callbackSecret, now),
  tokenFlow,
  buildOutbound,
  parseOutboundResponse,
  buildCompletion,
};
