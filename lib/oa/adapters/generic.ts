import { createHmac } from "node:crypto";
import { z } from "zod";
import { DECISION_COMMENT_MAX, NO_NUL } from "@/lib/approvals/decision-comment";
import { fail, ok, type Result } from "@/lib/errors";
import { checkWindow, headerValue, joinUrl, jsonReply, parseJson, safeEqual, vendorError } from "../http-parts";
import type {
  ApprovalDecisionEvent,
  ApprovalRevokedEvent,
  ApprovalWithdrawnEvent,
  CallbackOutcome,
  CallbackRequest,
  OaAdapter,
  OaEvent,
  OutboundApproval,
  OutboundContext,
  OutboundRequest,
} from "../types";

/**
 * Acta's own signed webhook (docs/oa-generic-scheme.md), small enough for a home-grown OA to
 * implement in ten lines, and the callback scheme of Weaver and Seeyon, which have no signed
 * approval callback of their own.
 */

export const ACTA_TIMESTAMP_HEADER = "X-Acta-Timestamp";
export const ACTA_SIGNATURE_HEADER = "X-Acta-Signature";

/**
 * 16 characters is the floor (the README's demo secret `acta-demo-oa-secret` has 19); production
 * secrets should be 32 or more random characters, as the admin page suggests.
 */
export const HMAC_SECRET_MIN_LENGTH = 16;
export const genericSecretsSchema = z.object({ hmacSecret: z.string().min(HMAC_SECRET_MIN_LENGTH) });
export const genericConfigSchema = z.object({
  baseUrl: z.url(),
  approvalsPath: z.string().startsWith("/").default("/approvals"),
});
export type GenericConfig = z.infer<typeof genericConfigSchema>;
export type GenericSecrets = z.infer<typeof genericSecretsSchema>;

/** `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`; binding the timestamp stops replays of old bodies. */
export function signGeneric(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

const envelopeSchema = z.object({ eventId: z.string().min(1).max(200).regex(NO_NUL), type: z.string().min(1) });
// An event names the approval by Acta's id, the OA's, or both.
const named = z.object({ approvalId: z.string().min(1).optional(), externalId: z.string().min(1).optional() });
const namesApproval = (event: z.infer<typeof named>) => event.approvalId !== undefined || event.externalId !== undefined;
// The limits of the decision Acta records (approvals/decide-approval): refused here as malformed, a longer
// value would fail after verification on every retry and the event never land. A withdrawal is kept with
// the decisions, so its reason and applicant have the same limits.
const note = z.string().trim().max(DECISION_COMMENT_MAX).regex(NO_NUL).optional();
const oaPerson = z.string().trim().min(1).max(200).regex(NO_NUL).optional();
const eventTime = z.iso.datetime({ offset: true });

const utc = (at: string) => new Date(at).toISOString();
// A home-grown OA may know only Acta's id; Acta then uses it as the external id too (see buildOutbound).
const target = ({ approvalId, externalId }: z.infer<typeof named>) => ({
  externalId: externalId ?? approvalId ?? "",
  ...(approvalId !== undefined && { approvalId }),
});

/** Each event type the scheme defines, read into the event it reports; any other type is acknowledged and ignored. */
const EVENTS = new Map<string, z.ZodType<OaEvent>>([
  [
    "approval.decided",
    named
      .extend({ decision: z.enum(["approved", "rejected"]), comment: note, decidedBy: oaPerson, decidedAt: eventTime })
      .refine(namesApproval)
      .transform((e): ApprovalDecisionEvent => ({
        kind: "approval.decided",
        ...target(e),
        decision: e.decision,
        ...(e.comment !== undefined && { comment: e.comment }),
        ...(e.decidedBy !== undefined && { decidedBy: e.decidedBy }),
        decidedAt: utc(e.decidedAt),
      })),
  ],
  [
    "approval.withdrawn",
    named
      .extend({ reason: note, withdrawnBy: oaPerson, withdrawnAt: eventTime })
      .refine(namesApproval)
      .transform((e): ApprovalWithdrawnEvent => ({
        kind: "approval.withdrawn",
        ...target(e),
        ...(e.reason && { reason: e.reason }),
        ...(e.withdrawnBy !== undefined && { withdrawnBy: e.withdrawnBy }),
        withdrawnAt: utc(e.withdrawnAt),
      })),
  ],
  [
    "approval.revoked",
    named
      .extend({ reason: note, revokedBy: oaPerson, revokedAt: eventTime })
      .refine(namesApproval)
      .transform((e): ApprovalRevokedEvent => ({
        kind: "approval.revoked",
        ...target(e),
        ...(e.reason && { reason: e.reason }),
        ...(e.revokedBy !== undefined && { revokedBy: e.revokedBy }),
        revokedAt: utc(e.revokedAt),
      })),
  ],
]);

/** Verifies a generic signed callback with `secret`; shared by every adapter using Acta's scheme. */
export function verifyGenericCallback(req: CallbackRequest, secret: string, now: Date): Result<CallbackOutcome> {
  const timestamp = headerValue(req.headers, ACTA_TIMESTAMP_HEADER);
  const signature = headerValue(req.headers, ACTA_SIGNATURE_HEADER);
  if (req.method !== "POST") return fail("oa.malformed");
  // Without its signature (which covers the timestamp) nothing proves the sender: a forgery, not a typo.
  if (!signature || !timestamp) return fail("oa.unsigned");
  if (!/^\d{1,12}$/.test(timestamp)) return fail("oa.malformed");
  if (!safeEqual(signature, signGeneric(secret, timestamp, req.rawBody))) return fail("oa.bad_signature");
  const fresh = checkWindow(Number(timestamp) * 1000, now);
  if (!fresh.ok) return fresh;

  const json = parseJson(req.rawBody);
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return fail("oa.malformed");
  const { eventId, type } = envelope.data;
  const reply = jsonReply({ ok: true });
  const event = (parsed: OaEvent) => ok<CallbackOutcome>({ type: "event", eventId, timestamp, reply, event: parsed });
  const schema = EVENTS.get(type);
  if (!schema) return event({ kind: "ignored", reason: `type:${type}` });
  const parsed = schema.safeParse(json);
  return parsed.success ? event(parsed.data) : fail("oa.malformed");
}

function buildOutbound(
  request: OutboundApproval,
  config: GenericConfig,
  secrets: GenericSecrets,
  ctx: OutboundContext,
): Result<OutboundRequest[]> {
  const body = JSON.stringify({
    // Stable per approval so that a retried delivery is a no-op at the receiver.
    eventId: `approval.requested:${request.approvalId}`,
    type: "approval.requested",
    approvalId: request.approvalId,
    kind: request.kind,
    title: request.title,
    summary: request.summary,
    fondsName: request.fondsName,
    ...(request.requesterOaUserId !== undefined && { requester: request.requesterOaUserId }),
    approvers: request.approverOaUserIds,
    detailUrl: request.detailUrl,
    createdAt: request.createdAt,
  });
  const timestamp = String(Math.floor(ctx.now.getTime() / 1000));
  return ok([
    {
      method: "POST",
      url: joinUrl(config.baseUrl, config.approvalsPath),
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        [ACTA_TIMESTAMP_HEADER]: timestamp,
        [ACTA_SIGNATURE_HEADER]: signGeneric(secrets.hmacSecret, timestamp, body),
      },
      body,
    },
  ]);
}

const acceptedSchema = z.object({ externalId: z.union([z.string().min(1), z.number()]).transform(String) });
const refusedSchema = z.object({ error: z.string() });

/**
 * docs/oa-generic-scheme.md promises that any 2xx is success, `{"externalId"}` optional: a home-grown OA
 * answering "OK", its own JSON envelope or a numeric id has created the approval, and treating that as a
 * failure would resend it until the message died.
 */
function parseOutboundResponse(status: number, body: string, sent: OutboundApproval): Result<{ externalId: string }> {
  const json = parseJson(body);
  if (status >= 200 && status < 300) {
    const accepted = acceptedSchema.safeParse(json);
    return ok({ externalId: accepted.success ? accepted.data.externalId : sent.approvalId });
  }
  const refused = refusedSchema.safeParse(json);
  return vendorError(`http_${status}`, refused.success ? refused.data.error : body.slice(0, 200));
}

export const genericAdapter: OaAdapter<GenericConfig, GenericSecrets> = {
  kind: "generic",
  configSchema: genericConfigSchema,
  secretsSchema: genericSecretsSchema,
  verifyCallback: (req, _config, secrets, now) => verifyGenericCallback(req, secrets.hmacSecret, now),
  buildOutbound,
  parseOutboundResponse,
};
