import { z } from "zod";
import { fail, ok, type Result } from "@/lib/errors";
import { joinUrl, jsonPost, parseVendorJson, toOaWallClock, vendorError } from "../http-parts";
import type { OaAdapter, OutboundApproval, OutboundContext, OutboundRequest } from "../types";
import { HMAC_SECRET_MIN_LENGTH, verifyGenericCallback } from "./generic";

/**
 * 泛微 e-cology 统一待办中心 (unified to-do). Acta pushes one to-do per approver; the approver
 * opens Acta's embedded approval page from it and decides there. e-cology has no signed callback
 * for third-party to-dos, so decisions reach Acta through its own generic signed scheme (the
 * embedded page, or an e-cology action posting Acta's webhook), verified with `callbackSecret`.
 */
export const weaverConfigSchema = z.object({
  baseUrl: z.url(),
  /** 异构系统标识 registered in e-cology for Acta. */
  syscode: z.string().min(1),
  workflowName: z.string().min(1).default("会计档案审批"),
  nodeName: z.string().min(1).default("审批"),
  /** Used when the approval has no requester with an e-cology account. */
  defaultCreator: z.string().min(1).optional(),
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
});
export const weaverSecretsSchema = z.object({ callbackSecret: z.string().min(HMAC_SECRET_MIN_LENGTH) });
export type WeaverConfig = z.infer<typeof weaverConfigSchema>;
export type WeaverSecrets = z.infer<typeof weaverSecretsSchema>;

/** isremark: 0 待办, 2 已办, 4 办结; viewtype: 0 unread, 1 read. */
type TodoState = { isremark: "0" | "2" | "4"; viewtype: "0" | "1" };

function todoRequests(
  request: OutboundApproval,
  config: WeaverConfig,
  ctx: OutboundContext,
  state: TodoState,
): Result<OutboundRequest[]> {
  const creator = request.requesterOaUserId ?? config.defaultCreator;
  if (!creator) return fail("oa.missing_requester");
  if (request.approverOaUserIds.length === 0) return fail("oa.missing_approvers");
  const url = joinUrl(config.baseUrl, "/rest/ofs/ReceiveRequestInfoByJson");
  return ok(
    request.approverOaUserIds.map((receiver) =>
      jsonPost(url, {
        syscode: config.syscode,
        flowid: request.approvalId,
        requestname: request.title,
        workflowname: config.workflowName,
        nodename: config.nodeName,
        pcurl: request.detailUrl,
        appurl: request.detailUrl,
        ...state,
        creator,
        createdatetime: toOaWallClock(new Date(request.createdAt), config.utcOffsetMinutes),
        receiver,
        receivedatetime: toOaWallClock(ctx.now, config.utcOffsetMinutes),
        // e-cology drops a push whose receivets is older than the one it holds, so late retries cannot undo a newer state.
        receivets: String(ctx.now.getTime()),
      }),
    ),
  );
}

function parseOutboundResponse(status: number, body: string, sent: OutboundApproval): Result<{ externalId: string }> {
  const json = parseVendorJson(status, body);
  if (!json.ok) return json;
  const { operResult, message } = json.value;
  if (String(operResult) !== "1") return vendorError(operResult === undefined ? `http_${status}` : `operResult_${String(operResult)}`, message);
  // The to-do is keyed by the flowid Acta sent: e-cology has no id of its own to return.
  return ok({ externalId: sent.approvalId });
}

export const weaverAdapter: OaAdapter<WeaverConfig, WeaverSecrets> = {
  kind: "weaver",
  configSchema: weaverConfigSchema,
  secretsSchema: weaverSecretsSchema,
  verifyCallback: (req, _config, secrets, now) => verifyGenericCallback(req, secrets.callbackSecret, now),
  buildOutbound: (request, config, _secrets, ctx) => todoRequests(request, config, ctx, { isremark: "0", viewtype: "0" }),
  parseOutboundResponse,
  buildCompletion: (request, config, _secrets, ctx) => todoRequests(request, config, ctx, { isremark: "2", viewtype: "1" }),
};
