import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { approvalRequests, oaOutbox } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type AppError, type Result, fail, ok } from "@/lib/errors";
import { formatMessage } from "@/lib/i18n/load-messages";
import { loadOaRuntime } from "../connectors/load-oa-runtime";
import type { CreatedLookupCause, InstanceStatusRead, OaConnector } from "../adapters";
import type { EndedApproval, LookupStep, OutboundApproval, OutboundContext, OutboundRequest } from "../types";
import { buildOutboundApproval } from "./build-outbound-approval";
import { OUTBOX_HTTP_TIMEOUT_MS, OUTBOX_MAX_ATTEMPTS, nextAttemptAt } from "./outbox-policy";

export interface DeliveryDeps {
  fetch: typeof fetch;
  /** Where the OA's users reach Acta; the embedded approval link is built on it. */
  publicBaseUrl: string;
}

type OaOutboxRow = typeof oaOutbox.$inferSelect;

export type DeliveryOutcome = "sent" | "retry" | "dead" | "skipped" | "cancelled";

/**
 * One delivery attempt of an outbox message through its adapter (token flow, requests, reply). The
 * row stays locked while the OA is called, so a retry started by an administrator waits instead of
 * sending the same approval twice. On success a create stores the OA's id on the approval request;
 * after OUTBOX_MAX_ATTEMPTS failures the message is dead and waits for an administrator. A message with
 * nothing left to do is withdrawn (cancelled), never sent: see planDelivery. So is a completion the OA
 * refused because its instance had finished there already (ADR 0023): see endedInOa.
 */
export async function deliverOaMessage(ctx: ServiceContext, raw: { outboxId: string }, deps: DeliveryDeps): Promise<Result<DeliveryOutcome>> {
  return ctx.db.transaction(async (tx) => {
    const [message] = await tx.select().from(oaOutbox).where(eq(oaOutbox.id, raw.outboxId)).for("update");
    if (!message) return fail("oa.outbox_not_found");
    if (message.state !== "pending") return ok("skipped" as const);
    const now = ctx.now();
    const attempts = message.attempts + 1;
    const runtime = await loadOaRuntime(tx, message.connectorId);
    const fondsId = runtime.ok ? runtime.value.row.fondsId : null;
    const audit = (action: "oa_outbox.sent" | "oa_outbox.dead" | "oa_outbox.cancelled", data: Record<string, unknown>) =>
      appendAudit(tx, ctx, { action, targetType: "approval", targetId: message.approvalId, fondsId, data: { connectorId: message.connectorId, kind: message.kind, ...data } });
    // A completion queued before its connector stopped being told (WeCom's notifying app taken out of the
    // settings) has nothing left to do: withdrawn, without calling the OA even for a token.
    const untold = message.kind === "complete" && runtime.ok && !runtime.value.connector.completes;
    const work = untold ? ("nothing" as const) : await planDelivery(tx, message, deps.publicBaseUrl);
    if (work === "nothing") {
      await tx.update(oaOutbox).set({ state: "cancelled", lastError: null }).where(eq(oaOutbox.id, message.id));
      await audit("oa_outbox.cancelled", { attempts: message.attempts });
      return ok("cancelled" as const);
    }
    const attempt: AttemptFacts = { uncertain: false, settled: false, lookedUp: false, finishedInOa: null };
    const sent = !runtime.ok ? runtime : !work.ok ? work : await send(message.connectorId, runtime.value.connector, work.value, deps, now, attempt);

    if (attempt.finishedInOa) {
      // An approver answered in the OA (or its initiator withdrew) as the request ended in Acta: nothing is
      // left to end. Kept on the record with the OA's refusal and the status seen, not as a dead letter.
      const { externalId, status, refusal } = attempt.finishedInOa;
      await tx.update(oaOutbox).set({ state: "cancelled", attempts, lastError: null }).where(eq(oaOutbox.id, message.id));
      await audit("oa_outbox.cancelled", { attempts, externalId, oaStatus: status, refusal: { code: refusal.code, ...(refusal.params && { params: refusal.params }) } });
      return ok("cancelled" as const);
    }

    if (sent.ok) {
      const receivers = message.kind === "create" && work.ok ? work.value.approval.approverOaUserIds : message.receivers;
      await tx.update(oaOutbox).set({ state: "sent", attempts, sentAt: now, externalId: sent.value, lastError: null, receivers, uncertainSince: null }).where(eq(oaOutbox.id, message.id));
      if (message.kind === "create") await tx.update(approvalRequests).set({ externalRef: sent.value }).where(eq(approvalRequests.id, message.approvalId));
      await audit("oa_outbox.sent", { externalId: sent.value, attempts, ...(attempt.lookedUp && { foundExisting: true }) });
      return ok("sent" as const);
    }
    const dead = attempts >= OUTBOX_MAX_ATTEMPTS;
    await tx
      .update(oaOutbox)
      .set({
        state: dead ? "dead" : "pending",
        attempts,
        lastError: describe(sent.error),
        nextAttemptAt: nextAttemptAt(now, attempts),
        uncertainSince: stillUncertainSince(message.uncertainSince, attempt, now),
      })
      .where(eq(oaOutbox.id, message.id));
    // The vendor's own code and words, so the record shows why the OA refused (ADR 0021).
    if (dead) await audit("oa_outbox.dead", { attempts, error: sent.error.code, ...(sent.error.params && { params: sent.error.params }) });
    return ok(dead ? ("dead" as const) : ("retry" as const));
  });
}

/** What one try learnt about the OA's state, beyond its result. */
interface AttemptFacts {
  /** The create may have reached the OA, but no answer says whether it made the instance. */
  uncertain: boolean;
  /** A lookup answered that the earlier uncertain tries made no instance. */
  settled: boolean;
  /** The instance was found by a lookup rather than made by this try. */
  lookedUp: boolean;
  /** Completions: the OA refused to end the instance, which its status shows had finished there already. */
  finishedInOa: { externalId: string; status: string; refusal: AppError } | null;
}

/** The earliest unsettled uncertain try: a settled lookup forgets the earlier ones, a new uncertain try starts or extends the span. */
function stillUncertainSince(before: Date | null, attempt: AttemptFacts, now: Date): Date | null {
  const unsettled = attempt.settled ? null : before;
  return attempt.uncertain ? (unsettled ?? now) : unsettled;
}

/** What one message asks of the OA: the approval as the OA sees it, and which of the adapter's requests. */
interface DeliveryWork {
  approval: OutboundApproval;
  build(connector: OaConnector, ctx: OutboundContext): Result<OutboundRequest[]>;
  /** One reply: the OA's id for what the message made, or for what it ended. */
  parse(connector: OaConnector, status: number, body: string): Result<{ externalId: string }>;
  /** Creates only: the lookup of the instance an earlier try may have made, when `cause` calls for one. */
  findCreated?(connector: OaConnector, cause: CreatedLookupCause, ctx: OutboundContext): Result<LookupStep> | null;
  /** Creates only: see oaOutbox.uncertainSince. */
  uncertainSince?: Date | null;
  /** Completions only: the instance to end, and the read of its status once the OA refuses to end it. */
  ending?: { externalId: string; status(connector: OaConnector, ctx: OutboundContext): Result<InstanceStatusRead> | null };
}

/** A completion exists only once its request ended: approved, rejected, or withdrawn by its requester (cancelled). */
const ENDING_NOTES = {
  approved: "oa-ui.outbound.ended.approved",
  rejected: "oa-ui.outbound.ended.rejected",
  cancelled: "oa-ui.outbound.ended.withdrawn",
} as const;

async function planDelivery(tx: Tx, message: OaOutboxRow, publicBaseUrl: string): Promise<Result<DeliveryWork> | "nothing"> {
  const approval = await buildOutboundApproval(tx, message.connectorId, message.approvalId, publicBaseUrl);
  if (!approval) return fail("oa.approval_not_found");
  const [request] = await tx.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, message.approvalId));
  if (message.kind === "create") {
    // Decided in Acta while this message waited (the OA unreachable, its retry not yet due): sent now, it
    // would open a to-do in the OA for a decision already taken, which the OA's approvers could answer the
    // other way and keep as the OA's truth. It is withdrawn instead, on the record.
    if (request?.state !== "pending") return "nothing";
    return ok({
      approval,
      build: (connector, ctx) => connector.buildOutbound(approval, ctx),
      parse: (connector, status, body) => connector.parseOutboundResponse(status, body, approval),
      findCreated: (connector, cause, ctx) => connector.findCreated(approval, cause, ctx),
      uncertainSince: message.uncertainSince,
    });
  }
  // Waits for a delivery of the create still in flight, so what it made is ended once it exists.
  const [create] = await tx
    .select({ state: oaOutbox.state, receivers: oaOutbox.receivers, externalId: oaOutbox.externalId })
    .from(oaOutbox)
    .where(and(eq(oaOutbox.connectorId, message.connectorId), eq(oaOutbox.approvalId, message.approvalId), eq(oaOutbox.kind, "create")))
    .for("update");
  if (create?.state !== "sent" || create.externalId === null) return "nothing";
  const ended: EndedApproval = {
    ...approval,
    // The to-dos to close are those the create made, not those of whoever would approve today.
    approverOaUserIds: create.receivers ?? [],
    externalId: create.externalId,
    // OA screens are Chinese, like the create's summary. Approvers told there learn how it ended, not only that it did.
    endingNote: formatMessage("zh-CN", ENDING_NOTES[request?.state === "approved" || request?.state === "rejected" ? request.state : "cancelled"]),
  };
  return ok({
    approval: ended,
    build: (connector, ctx) => connector.buildCompletion(ended, ctx),
    parse(connector, status, body) {
      const parsed = connector.parseCompletionResponse(status, body, ended);
      return parsed.ok ? ok({ externalId: ended.externalId }) : parsed;
    },
    ending: { externalId: ended.externalId, status: (connector, ctx) => connector.instanceStatus(ended, ctx) },
  });
}

/** The code and the vendor's own words, as the dead-letter page shows them to the administrator. */
function describe(error: AppError): string {
  return JSON.stringify({ code: error.code, ...(error.params && { params: error.params }) });
}

/**
 * Access tokens per connector, reused until shortly before they expire: WeCom and DingTalk rate-limit
 * their token endpoints and ask callers to cache the token (WeCom gettoken: 不能频繁调用). Keyed by the
 * token request itself (hashed, it carries the secret), so changed credentials never reuse an old token.
 */
const tokenCache = new Map<string, { accessToken: string; renewAt: number }>();
/** Renewed this long before the vendor's expiry, so a token never runs out during a delivery. */
const TOKEN_RENEW_MARGIN_MS = 5 * 60 * 1000;

async function send(connectorId: string, connector: OaConnector, work: DeliveryWork, deps: DeliveryDeps, now: Date, attempt: AttemptFacts): Promise<Result<string>> {
  let accessToken: string | undefined;
  let cacheKey: string | undefined;
  if (connector.tokenFlow) {
    const tokenRequest = connector.tokenFlow.buildTokenRequest();
    cacheKey = createHash("sha256").update(JSON.stringify([connectorId, tokenRequest])).digest("hex");
    const cached = tokenCache.get(cacheKey);
    if (cached && cached.renewAt > now.getTime()) accessToken = cached.accessToken;
    else {
      const response = await call(deps, tokenRequest);
      if (!response.ok) return response;
      const token = connector.tokenFlow.parseTokenResponse(response.value.status, response.value.body);
      if (!token.ok) return token;
      accessToken = token.value.accessToken;
      tokenCache.set(cacheKey, { accessToken, renewAt: now.getTime() + token.value.expiresInSeconds * 1000 - TOKEN_RENEW_MARGIN_MS });
    }
  }
  const sent = await sendWith(connector, work, deps, now, accessToken, attempt);
  // The vendor may revoke a token before its time (WeCom says it does): after any failure the next try
  // asks for a fresh one rather than failing again on a dead token.
  if (!sent.ok && cacheKey) tokenCache.delete(cacheKey);
  return sent;
}

async function sendWith(
  connector: OaConnector,
  work: DeliveryWork,
  deps: DeliveryDeps,
  now: Date,
  accessToken: string | undefined,
  attempt: AttemptFacts,
): Promise<Result<string>> {
  const { approval } = work;
  const outboundCtx = { now, accessToken };
  // An earlier try may have created the instance without Acta hearing of it: ask before creating again.
  if (work.uncertainSince) {
    const found = await runLookup(connector, work, { uncertainSince: work.uncertainSince }, deps, outboundCtx);
    if (found !== null) {
      if (!found.ok) return found;
      if (found.value !== null) {
        attempt.lookedUp = true;
        return ok(found.value);
      }
      attempt.settled = true;
    }
  }
  const requests = work.build(connector, outboundCtx);
  if (!requests.ok) return requests;
  let externalId = approval.approvalId;
  // Some OAs take one request per approver (to-dos); every one must succeed, the last reply names the id.
  for (const request of requests.value) {
    const response = await call(deps, request);
    if (!response.ok || !isAnswered(response.value.status)) attempt.uncertain ||= work.findCreated !== undefined && mayHaveArrived(response);
    if (!response.ok) return response;
    const parsed = work.parse(connector, response.value.status, response.value.body);
    if (!parsed.ok && parsed.error.code === "oa.bad_response") attempt.uncertain ||= work.findCreated !== undefined;
    if (parsed.ok) {
      externalId = parsed.value.externalId;
      continue;
    }
    if (work.ending) {
      attempt.finishedInOa = await endedInOa(connector, work.ending, parsed.error, deps, outboundCtx);
      return parsed;
    }
    const found = await runLookup(connector, work, { refusal: parsed.error }, deps, outboundCtx);
    if (found === null) return parsed;
    if (!found.ok) return found;
    if (found.value === null) return parsed;
    attempt.lookedUp = true;
    externalId = found.value;
  }
  return ok(externalId);
}

/**
 * After the OA refused to end an instance: whether it had finished there already. Neither DingTalk nor Feishu
 * documents a stable code for "no longer running", so the instance's status is asked for whatever the
 * refusal said. Null (the refusal stands, retried like any) when the instance still runs, the OA cannot
 * say, or the read fails.
 */
async function endedInOa(
  connector: OaConnector,
  ending: NonNullable<DeliveryWork["ending"]>,
  refusal: AppError,
  deps: DeliveryDeps,
  ctx: OutboundContext,
): Promise<AttemptFacts["finishedInOa"]> {
  const read = ending.status(connector, ctx);
  if (read === null || !read.ok) return null;
  const response = await call(deps, read.value.request);
  if (!response.ok) return null;
  const seen = read.value.read(response.value.status, response.value.body);
  return seen.ok && seen.value.finished ? { externalId: ending.externalId, status: seen.value.status, refusal } : null;
}

/** A status by which the OA itself answered: a 5xx may come from a gateway after the OA acted, or from the OA failing midway. */
const isAnswered = (status: number) => status < 500;

/** Connection failures before any byte was sent: the OA cannot have acted on them. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

function mayHaveArrived(response: Result<{ status: number }>): boolean {
  if (response.ok) return true;
  return !NEVER_SENT.has(String(response.error.params?.reason));
}

/** The steps of a lookup, sent one by one; null when the adapter has no lookup for this cause. */
async function runLookup(
  connector: OaConnector,
  work: DeliveryWork,
  cause: CreatedLookupCause,
  deps: DeliveryDeps,
  ctx: OutboundContext,
): Promise<Result<string | null> | null> {
  const first = work.findCreated?.(connector, cause, ctx) ?? null;
  if (first === null) return null;
  if (!first.ok) return first;
  let step: LookupStep = first.value;
  for (let sent = 0; !step.done; sent++) {
    if (sent >= LOOKUP_MAX_REQUESTS) return fail("oa.lookup_too_long", { requests: sent });
    const response = await call(deps, step.request);
    if (!response.ok) return response;
    const next = step.read(response.value.status, response.value.body);
    if (!next.ok) return next;
    step = next.value;
  }
  return ok(step.externalId);
}

/** Bounds a lookup over a busy template (DingTalk lists 20 ids a page): past it the try fails and is retried. */
const LOOKUP_MAX_REQUESTS = 200;

async function call(deps: DeliveryDeps, request: OutboundRequest): Promise<Result<{ status: number; body: string }>> {
  try {
    const response = await deps.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(OUTBOX_HTTP_TIMEOUT_MS),
      redirect: "error",
    });
    return ok({ status: response.status, body: await response.text() });
  } catch (e) {
    return fail("oa.unreachable", { reason: unreachableReason(e) });
  }
}

/**
 * What the administrator can act on: fetch throws a bare TypeError ("fetch failed") and keeps the
 * socket's error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…) or its own refusal ("bad port")
 * in its cause. A timeout is the signal's TimeoutError.
 */
export function unreachableReason(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  for (const said of [cause?.code, cause?.message]) if (typeof said === "string" && said) return said.slice(0, 200);
  return e instanceof Error ? e.name : "unknown";
}
