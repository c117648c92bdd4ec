import type { z } from "zod";
import type { AppError, Result } from "@/lib/errors";

export const oaKinds = ["generic", "dingtalk", "feishu", "wecom", "weaver", "seeyon"] as const;
export type OaKind = (typeof oaKinds)[number];

/**
 * Codes the OA layer returns. `oa.expired` only applies where the vendor sends a timestamp;
 * replay of a seen eventId/nonce is detected by the caller against the database.
 */
export type OaErrorCode =
  | "oa.bad_signature"
  | "oa.expired"
  | "oa.decrypt_failed"
  | "oa.wrong_receiver"
  | "oa.malformed"
  | "oa.bad_response"
  | "oa.vendor_error"
  | "oa.token_missing"
  | "oa.missing_requester"
  | "oa.missing_approvers";

/** The callback exactly as it reached the route: headers as sent, the body before any parsing. */
export interface CallbackRequest {
  method: string;
  /** Absolute or path-only URL including the query string. */
  url: string;
  headers: Record<string, string>;
  rawBody: string;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ApprovalDecisionEvent {
  kind: "approval.decided";
  /** The OA's id for the approval: DingTalk processInstanceId, WeCom SpNo, Feishu instance_code… */
  externalId: string;
  /** Acta's approval id, when the OA echoes it back. */
  approvalId?: string;
  decision: "approved" | "rejected";
  comment?: string;
  /** The OA user id of the person who decided. */
  decidedBy?: string;
  /** ISO 8601, UTC. */
  decidedAt: string;
}

/**
 * The OA's applicant withdrew (撤回/撤销) the instance while it was pending: DingTalk `terminate`, WeCom
 * SpStatus 4, Feishu CANCELED, generic `approval.withdrawn`. Acta withdraws its request too.
 */
export interface ApprovalWithdrawnEvent {
  kind: "approval.withdrawn";
  externalId: string;
  approvalId?: string;
  /** The OA user id of whoever withdrew it, when the vendor names them. */
  withdrawnBy?: string;
  reason?: string;
  /** ISO 8601, UTC. */
  withdrawnAt: string;
}

/**
 * The OA revoked an instance after it was approved: WeCom SpStatus 6 (通过后撤销), Feishu REVERTED, generic
 * `approval.revoked`. What the approval decided stands in Acta (a filed archive is not unfiled, ADR 0016);
 * the fonds' archivists are told, since the evidence of approval is now contested.
 */
export interface ApprovalRevokedEvent {
  kind: "approval.revoked";
  externalId: string;
  approvalId?: string;
  /** The OA user id of whoever revoked it, when the vendor names them. */
  revokedBy?: string;
  reason?: string;
  /** ISO 8601, UTC. */
  revokedAt: string;
}

/** A genuine, verified vendor event that carries no final decision (task changes, PENDING…). */
export interface IgnoredEvent {
  kind: "ignored";
  reason: string;
}

interface ReplayKeys {
  /** The vendor's nonce and timestamp as received, for the caller's replay log. */
  nonce?: string;
  timestamp?: string;
}

export type OaEvent = ApprovalDecisionEvent | ApprovalWithdrawnEvent | ApprovalRevokedEvent | IgnoredEvent;

export type CallbackOutcome =
  | ({ type: "handshake"; reply: HttpReply } & ReplayKeys)
  | ({
      type: "event";
      /** The vendor's event id, or `sha256:<hex>` of the decrypted body when the vendor sends none. */
      eventId: string;
      event: OaEvent;
      /** The exact success reply the vendor expects; anything else makes it retry. */
      reply: HttpReply;
    } & ReplayKeys);

export interface OutboundApproval {
  approvalId: string;
  kind: "filing" | "loan" | "destruction" | "transfer";
  title: string;
  summary: string;
  fondsName: string;
  requesterOaUserId?: string;
  approverOaUserIds: string[];
  /** Acta's /embed/approvals/{id} link, opened from the OA. */
  detailUrl: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

export interface OutboundRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OaAccessToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface OutboundContext {
  /** Send time: signs generic requests and stamps the receive time of to-dos. */
  now: Date;
  /** From the adapter's token flow, fetched and cached by the caller. */
  accessToken?: string;
}

/**
 * A request that ended in Acta, as its completion tells the OA: the approval, what the create made there, and
 * why it ends (in Chinese, for the OA's screens).
 */
export interface EndedApproval extends OutboundApproval {
  /** What the create got back: the OA's instance id (DingTalk processInstanceId, Feishu instance_code), or Acta's id for a to-do. */
  externalId: string;
  /** 已在 Acta 中批准 / 已在 Acta 中驳回 / 已在 Acta 中撤回: shown by OAs that keep a remark with the instance, and in WeCom's message. */
  endingNote: string;
}

/** An instance's status as its OA names it (DingTalk RUNNING, COMPLETED…; Feishu PENDING, APPROVED…), and whether that status has ended it. */
export interface InstanceStatus {
  status: string;
  finished: boolean;
}

/** One step of a lookup: the answer (null: no such instance), or a request to send and how to read its reply. */
export type LookupStep =
  | { done: true; externalId: string | null }
  | { done: false; request: OutboundRequest; read(status: number, body: string): Result<LookupStep> };

/** Randomness is injected so tests can reproduce encrypted replies byte for byte. */
export type RandomBytes = (size: number) => Buffer;

export interface TokenFlow<Config, Secrets> {
  buildTokenRequest(config: Config, secrets: Secrets): OutboundRequest;
  parseTokenResponse(status: number, body: string): Result<OaAccessToken>;
}

/** One per OA; picked only in adapters/index.ts. All methods are pure: the caller does the HTTP. */
export interface OaAdapter<Config, Secrets> {
  readonly kind: OaKind;
  readonly configSchema: z.ZodType<Config>;
  readonly secretsSchema: z.ZodType<Secrets>;
  verifyCallback(
    req: CallbackRequest,
    config: Config,
    secrets: Secrets,
    now: Date,
    randomBytes: RandomBytes,
  ): Result<CallbackOutcome>;
  /** Present for OAs whose API needs an access token before buildOutbound. */
  readonly tokenFlow?: TokenFlow<Config, Secrets>;
  buildOutbound(
    request: OutboundApproval,
    config: Config,
    secrets: Secrets,
    ctx: OutboundContext,
  ): Result<OutboundRequest[]>;
  /** `sent` is needed by OAs whose reply carries no id of their own (the to-do keeps Acta's id). */
  parseOutboundResponse(status: number, body: string, sent: OutboundApproval): Result<{ externalId: string }>;
  /**
   * Finds the instance an earlier create of this approval made when its reply never reached Acta, so a
   * retry does not make a second one. OAs with an idempotency key refuse the repeated create, which
   * `isRepeat` recognises (Feishu 60012): the lookup runs after that refusal. OAs without one (DingTalk,
   * WeCom) leave `isRepeat` out: the lookup runs before re-sending a create whose earlier try had an
   * unknown outcome, over the instances created in `window`.
   */
  readonly findCreated?: {
    isRepeat?(error: AppError): boolean;
    start(
      request: OutboundApproval,
      config: Config,
      secrets: Secrets,
      ctx: OutboundContext,
      window: { from: Date; to: Date },
    ): Result<LookupStep>;
  };
  /**
   * Ends in the OA what the create opened once the request ended in Acta: to-do style OAs (Weaver, Seeyon)
   * close the approvers' to-dos; workflow OAs (DingTalk terminate, Feishu cancel) end the instance, so its
   * approvers are no longer asked a closed question. WeCom cannot end an approval from outside: its
   * approvers get a message saying the request ended in Acta (ADR 0024). Generic OAs have no such call.
   */
  buildCompletion?(
    request: EndedApproval,
    config: Config,
    secrets: Secrets,
    ctx: OutboundContext,
  ): Result<OutboundRequest[]>;
  /**
   * Present when a connector's settings decide whether it is told at all (WeCom: only with an app to send
   * the message from); without it every connector of an OA with buildCompletion is told.
   */
  completesWith?(config: Config): boolean;
  /** Reads a completion's reply where it differs from a create's (which names the instance it made). */
  parseCompletionResponse?(status: number, body: string): Result<null>;
  /**
   * Asks the OA for the status of an instance it refused to end: an approver may have answered there, or
   * its initiator withdrawn it, just as the request ended in Acta, and neither vendor documents a stable
   * code for "no longer running". A finished instance leaves the completion nothing to do (ADR 0023).
   * Workflow OAs only; to-do OAs and WeCom leave it out.
   */
  readonly instanceStatus?: {
    build(request: EndedApproval, config: Config, secrets: Secrets, ctx: OutboundContext): Result<OutboundRequest>;
    read(status: number, body: string): Result<InstanceStatus>;
  };
  /**
   * Set by workflow OAs (WeCom too): a decision or withdrawal that came from this OA's own event ended the
   * instance there already, so it gets no completion. To-do OAs leave it out: their to-dos stay open whichever
   * way the decision reached Acta.
   */
  readonly endsOwnInstance?: true;
  /**
   * Set by WeCom: its completion only tells the approvers and leaves the instance pending, so an OA event
   * after it (an applicant withdrawing in WeCom) is the OA's own act, not the echo of Acta ending it.
   */
  readonly completionLeavesInstance?: true;
}
