import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { approvalRequests, oaOutbox } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type AppError, type Result, fail, ok } from "@/lib/errors";
import { loadOaRuntime } from "../connectors/load-oa-runtime";
import type { OaConnector } from "../adapters";
import type { OutboundApproval, OutboundContext, OutboundRequest } from "../types";
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
 * nothing left to do is withdrawn (cancelled), never sent: see planDelivery.
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
    const work = await planDelivery(tx, message, deps.publicBaseUrl);
    if (work === "nothing") {
      await tx.update(oaOutbox).set({ state: "cancelled", lastError: null }).where(eq(oaOutbox.id, message.id));
      await audit("oa_outbox.cancelled", { attempts: message.attempts });
      return ok("cancelled" as const);
    }
    const sent = !runtime.ok ? runtime : !work.ok ? work : await send(message.connectorId, runtime.value.connector, work.value, deps, now);

    if (sent.ok) {
      const receivers = message.kind === "create" && work.ok ? work.value.approval.approverOaUserIds : message.receivers;
      await tx.update(oaOutbox).set({ state: "sent", attempts, sentAt: now, externalId: sent.value, lastError: null, receivers }).where(eq(oaOutbox.id, message.id));
      if (message.kind === "create") await tx.update(approvalRequests).set({ externalRef: sent.value }).where(eq(approvalRequests.id, message.approvalId));
      await audit("oa_outbox.sent", { externalId: sent.value, attempts });
      return ok("sent" as const);
    }
    const dead = attempts >= OUTBOX_MAX_ATTEMPTS;
    await tx
      .update(oaOutbox)
      .set({ state: dead ? "dead" : "pending", attempts, lastError: describe(sent.error), nextAttemptAt: nextAttemptAt(now, attempts) })
      .where(eq(oaOutbox.id, message.id));
    if (dead) await audit("oa_outbox.dead", { attempts, error: sent.error.code });
    return ok(dead ? ("dead" as const) : ("retry" as const));
  });
}

/** What one message asks of the OA: the approval as the OA sees it, and which of the adapter's requests. */
interface DeliveryWork {
  approval: OutboundApproval;
  build(connector: OaConnector, ctx: OutboundContext): Result<OutboundRequest[]>;
  /** A create the OA refuses as repeated was made by an earlier try whose reply was lost: find it. */
  findCreated?(connector: OaConnector, error: AppError, ctx: OutboundContext): Result<OutboundRequest> | null;
}

async function planDelivery(tx: Tx, message: OaOutboxRow, publicBaseUrl: string): Promise<Result<DeliveryWork> | "nothing"> {
  const approval = await buildOutboundApproval(tx, message.connectorId, message.approvalId, publicBaseUrl);
  if (!approval) return fail("oa.approval_not_found");
  if (message.kind === "create") {
    // Decided in Acta while this message waited (the OA unreachable, its retry not yet due): sent now, it
    // would open a to-do in the OA for a decision already taken, which the OA's approvers could answer the
    // other way and keep as the OA's truth. It is withdrawn instead, on the record.
    const [request] = await tx.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, message.approvalId));
    if (request?.state !== "pending") return "nothing";
    return ok({
      approval,
      build: (connector, ctx) => connector.buildOutbound(approval, ctx),
      findCreated: (connector, error, ctx) => connector.lookupCreated(approval, error, ctx),
    });
  }
  // Waits for a delivery of the create still in flight, so its to-dos are closed once they exist.
  const [create] = await tx
    .select({ state: oaOutbox.state, receivers: oaOutbox.receivers })
    .from(oaOutbox)
    .where(and(eq(oaOutbox.connectorId, message.connectorId), eq(oaOutbox.approvalId, message.approvalId), eq(oaOutbox.kind, "create")))
    .for("update");
  if (create?.state !== "sent") return "nothing";
  // The to-dos to close are those the create made, not those of whoever would approve today.
  const reached = { ...approval, approverOaUserIds: create.receivers ?? [] };
  return ok({ approval: reached, build: (connector, ctx) => connector.buildCompletion(reached, ctx) });
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

async function send(connectorId: string, connector: OaConnector, work: DeliveryWork, deps: DeliveryDeps, now: Date): Promise<Result<string>> {
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
  const sent = await sendWith(connector, work, deps, now, accessToken);
  // The vendor may revoke a token before its time (WeCom says it does): after any failure the next try
  // asks for a fresh one rather than failing again on a dead token.
  if (!sent.ok && cacheKey) tokenCache.delete(cacheKey);
  return sent;
}

async function sendWith(connector: OaConnector, work: DeliveryWork, deps: DeliveryDeps, now: Date, accessToken: string | undefined): Promise<Result<string>> {
  const { approval } = work;
  const outboundCtx = { now, accessToken };
  const requests = work.build(connector, outboundCtx);
  if (!requests.ok) return requests;
  let externalId = approval.approvalId;
  // Some OAs take one request per approver (to-dos); every one must succeed, the last reply names the id.
  for (const request of requests.value) {
    const response = await call(deps, request);
    if (!response.ok) return response;
    const parsed = connector.parseOutboundResponse(response.value.status, response.value.body, approval);
    const found = parsed.ok ? parsed : await findCreated(connector, work, parsed.error, deps, outboundCtx);
    if (!found.ok) return found;
    externalId = found.value.externalId;
  }
  return ok(externalId);
}

async function findCreated(connector: OaConnector, work: DeliveryWork, error: AppError, deps: DeliveryDeps, ctx: OutboundContext): Promise<Result<{ externalId: string }>> {
  const lookup = work.findCreated?.(connector, error, ctx) ?? null;
  if (!lookup) return { ok: false, error };
  if (!lookup.ok) return lookup;
  const response = await call(deps, lookup.value);
  if (!response.ok) return response;
  return connector.parseOutboundResponse(response.value.status, response.value.body, work.approval);
}

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
