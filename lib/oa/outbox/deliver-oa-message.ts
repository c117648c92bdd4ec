import { eq } from "drizzle-orm";
import { approvalRequests, oaOutbox } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type AppError, type Result, fail, ok } from "@/lib/errors";
import { loadOaRuntime } from "../connectors/load-oa-runtime";
import type { OaConnector } from "../adapters";
import type { OutboundApproval, OutboundRequest } from "../types";
import { buildOutboundApproval } from "./build-outbound-approval";
import { OUTBOX_HTTP_TIMEOUT_MS, OUTBOX_MAX_ATTEMPTS, nextAttemptAt } from "./outbox-policy";

export interface DeliveryDeps {
  fetch: typeof fetch;
  /** Where the OA's users reach Acta; the embedded approval link is built on it. */
  publicBaseUrl: string;
}

export type DeliveryOutcome = "sent" | "retry" | "dead" | "skipped" | "cancelled";

/**
 * One delivery attempt of an outbox message through its adapter (token flow, requests, reply). The
 * row stays locked while the OA is called, so a retry started by an administrator waits instead of
 * sending the same approval twice. On success the OA's id is stored on the approval request; after
 * OUTBOX_MAX_ATTEMPTS failures the message is dead and waits for an administrator.
 */
export async function deliverOaMessage(ctx: ServiceContext, raw: { outboxId: string }, deps: DeliveryDeps): Promise<Result<DeliveryOutcome>> {
  return ctx.db.transaction(async (tx) => {
    const [message] = await tx.select().from(oaOutbox).where(eq(oaOutbox.id, raw.outboxId)).for("update");
    if (!message) return fail("oa.outbox_not_found");
    if (message.state !== "pending") return ok("skipped" as const);
    // Decided in Acta while this message waited (the OA unreachable, its retry not yet due): sent now, it
    // would open a to-do in the OA for a decision already taken, which the OA's approvers could answer the
    // other way and keep as the OA's truth. It is withdrawn instead, on the record.
    const [request] = await tx.select({ state: approvalRequests.state, fondsId: approvalRequests.fondsId }).from(approvalRequests).where(eq(approvalRequests.id, message.approvalId));
    if (request && request.state !== "pending") {
      await tx.update(oaOutbox).set({ state: "cancelled" }).where(eq(oaOutbox.id, message.id));
      await appendAudit(tx, ctx, {
        action: "oa_outbox.cancelled",
        targetType: "approval",
        targetId: message.approvalId,
        fondsId: request.fondsId,
        data: { connectorId: message.connectorId, approvalState: request.state, attempts: message.attempts },
      });
      return ok("cancelled" as const);
    }
    const now = ctx.now();
    const attempts = message.attempts + 1;
    const runtime = await loadOaRuntime(tx, message.connectorId);
    const approval = await buildOutboundApproval(tx, message.connectorId, message.approvalId, deps.publicBaseUrl);
    const sent = !runtime.ok ? runtime : !approval ? fail("oa.approval_not_found") : await send(runtime.value.connector, approval, deps, now);

    if (sent.ok) {
      await tx.update(oaOutbox).set({ state: "sent", attempts, sentAt: now, externalId: sent.value, lastError: null }).where(eq(oaOutbox.id, message.id));
      await tx.update(approvalRequests).set({ externalRef: sent.value }).where(eq(approvalRequests.id, message.approvalId));
      await appendAudit(tx, ctx, {
        action: "oa_outbox.sent",
        targetType: "approval",
        targetId: message.approvalId,
        fondsId: runtime.ok ? runtime.value.row.fondsId : null,
        data: { connectorId: message.connectorId, externalId: sent.value, attempts },
      });
      return ok("sent" as const);
    }
    const dead = attempts >= OUTBOX_MAX_ATTEMPTS;
    await tx
      .update(oaOutbox)
      .set({ state: dead ? "dead" : "pending", attempts, lastError: describe(sent.error), nextAttemptAt: nextAttemptAt(now, attempts) })
      .where(eq(oaOutbox.id, message.id));
    if (dead) {
      await appendAudit(tx, ctx, {
        action: "oa_outbox.dead",
        targetType: "approval",
        targetId: message.approvalId,
        fondsId: runtime.ok ? runtime.value.row.fondsId : null,
        data: { connectorId: message.connectorId, attempts, error: sent.error.code },
      });
    }
    return ok(dead ? ("dead" as const) : ("retry" as const));
  });
}

/** The code and the vendor's own words, as the dead-letter page shows them to the administrator. */
function describe(error: AppError): string {
  return JSON.stringify({ code: error.code, ...(error.params && { params: error.params }) });
}

async function send(connector: OaConnector, approval: OutboundApproval, deps: DeliveryDeps, now: Date): Promise<Result<string>> {
  let accessToken: string | undefined;
  if (connector.tokenFlow) {
    const response = await call(deps, connector.tokenFlow.buildTokenRequest());
    if (!response.ok) return response;
    const token = connector.tokenFlow.parseTokenResponse(response.value.status, response.value.body);
    if (!token.ok) return token;
    accessToken = token.value.accessToken;
  }
  const requests = connector.buildOutbound(approval, { now, accessToken });
  if (!requests.ok) return requests;
  let externalId = approval.approvalId;
  // Some OAs take one request per approver (to-dos); every one must succeed, the last reply names the id.
  for (const request of requests.value) {
    const response = await call(deps, request);
    if (!response.ok) return response;
    const parsed = connector.parseOutboundResponse(response.value.status, response.value.body, approval);
    if (!parsed.ok) return parsed;
    externalId = parsed.value.externalId;
  }
  return ok(externalId);
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
