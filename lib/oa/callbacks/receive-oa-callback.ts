import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx, Tx } from "@/db";
import { statement } from "@/db/statement";
import { approvalRequests, oaCallbacks, oaConnectors, oaOutbox } from "@/db/schema";
import { type DecisionOutcome, decideApproval } from "@/lib/approvals/decide-approval";
import { recordOaRevocation } from "@/lib/approvals/record-oa-revocation";
import { withdrawApproval } from "@/lib/approvals/withdraw-approval";
import type { ServiceContext } from "@/lib/context";
import { type ErrorCode, type Result, fail, ok } from "@/lib/errors";
import { statusFor } from "@/lib/http/status";
import { oaKindsEndedByCompletion } from "../adapters";
import { ACTA_SIGNATURE_HEADER } from "../adapters/generic";
import { type OaConnectorRow, cachedOaRuntime, mappedActor, mappedUserId } from "../connectors/load-oa-runtime";
import { headerValue } from "../http-parts";
import type { CallbackOutcome, CallbackRequest, HttpReply } from "../types";

const ReceiveInput = z.object({ connectorId: z.uuid() });

// Never kept in the callback log: credentials a proxy or a confused client might forward.
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);

// Refusals that a retry cannot change: the OA gets its success reply so it stops retrying, and the
// refusal is kept in the request's history and this log (one truth: the first decision wins).
const FINAL_REFUSALS = new Set<string>(["approval.already_decided", "approval.withdrawn", "approval.own_request", "auth.forbidden", "approval.decider_required"]);

class Replayed extends Error {}

/**
 * One inbound OA callback, end to end: verified exactly as the vendor specifies, used once (a replay of
 * a verified request answers 401), turned into a decision, a withdrawal or a revocation's notice in the
 * approvals engine, and logged whatever happens. Returns the exact reply the vendor expects, or the
 * refusal for the route to answer.
 */
export async function receiveOaCallback(
  ctx: ServiceContext,
  raw: { connectorId: string; request: CallbackRequest },
): Promise<Result<HttpReply>> {
  const input = ReceiveInput.safeParse(raw);
  if (!input.success) return fail("oa.connector_not_found");
  const { request } = raw;
  const now = ctx.now();
  const entry = {
    connectorId: input.data.connectorId,
    receivedAt: now,
    method: request.method,
    headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase()))),
    bodySha256: createHash("sha256").update(request.rawBody).digest("hex"),
  };
  const runtime = await cachedOaRuntime(ctx.db, input.data.connectorId);
  if (!runtime.ok) {
    await logUnhandled(ctx, { ...entry, verification: runtime.error.code, outcome: "rejected", httpStatus: statusFor(runtime.error.code) });
    return runtime;
  }
  const { row, connector } = runtime.value;

  const verified = connector.verifyCallback(request, now);
  if (!verified.ok) {
    // Logged with the status the route answers: a body Acta cannot read is a 400, an unproven sender a 401.
    const status = statusFor(verified.error.code);
    await logCallback(ctx.db, { ...entry, verification: verified.error.code, outcome: "rejected", httpStatus: status });
    return verified;
  }
  const outcome = verified.value;
  const replayKey = replayKeyOf(outcome, request);

  const handled = await ctx.db
    .transaction(async (tx) => {
      const result = await handle(tx, ctx, row, outcome);
      const status = result.reply ? result.reply.status : statusFor(result.failure!.code);
      // Logged last, with its outcome, in one statement: the unique replay key then turns a replay (even
      // one racing its original) into a conflict that rolls back everything it did. A request that failed
      // changed nothing and was told to come again (404: retry later), so it does not use the key up: a
      // sender resending the same bytes, as the vendors' retries may, is not then refused as a replay.
      const [logged] = await logCallback(tx, {
        ...entry,
        verification: "verified",
        outcome: result.outcome,
        httpStatus: status,
        replayKey: result.failure ? null : replayKey,
        eventId: outcome.type === "event" ? outcome.eventId : null,
      });
      if (!logged) throw new Replayed();
      return result;
    })
    .catch((e: unknown) => {
      if (e instanceof Replayed) return null;
      throw e;
    });

  if (!handled) {
    await logCallback(ctx.db, { ...entry, verification: "verified", outcome: "replayed", httpStatus: 401 });
    return fail("oa.replayed");
  }
  return handled.reply ? ok(handled.reply) : { ok: false, error: handled.failure! };
}

// Built once (db/statement.ts): every callback is logged. A replay key already used inserts nothing.
const insertCallback = statement(
  ["connectorId", "receivedAt", "method", "headers", "bodySha256", "verification", "outcome", "httpStatus", "replayKey", "eventId"],
  (db, p) => db.insert(oaCallbacks).values(p).onConflictDoNothing().returning({ id: oaCallbacks.id }).prepare("insert_oa_callback"),
);

type LoggedCallback = Omit<typeof oaCallbacks.$inferInsert, "id" | "receivedAt" | "replayKey" | "eventId"> & { receivedAt: Date; replayKey?: string | null; eventId?: string | null };

function logCallback(db: DbOrTx, entry: LoggedCallback) {
  return insertCallback(db, { ...entry, replayKey: entry.replayKey ?? null, eventId: entry.eventId ?? null });
}

/**
 * Every callback is kept, also those to a deactivated connector or one whose secrets Acta cannot open (an
 * administrator needs to see the OA still calling). One naming no connector has no log to go to: the row
 * is written only where the connector exists, in one statement, so a stream of made-up ids writes nothing.
 */
async function logUnhandled(ctx: ServiceContext, entry: typeof oaCallbacks.$inferInsert) {
  await ctx.db.execute(sql`
    insert into ${oaCallbacks} (connector_id, received_at, method, headers, body_sha256, verification, outcome, http_status)
    select c.id, ${entry.receivedAt!.toISOString()}::timestamptz, ${entry.method}, ${JSON.stringify(entry.headers)}::jsonb, ${entry.bodySha256},
      ${entry.verification}, ${entry.outcome}, ${entry.httpStatus}
    from ${oaConnectors} c where c.id = ${entry.connectorId}`);
}

/**
 * What makes one delivery unique: the vendor's nonce with its timestamp, or, for Acta's signed scheme,
 * the signature (it covers the timestamp and the body). A vendor retry is signed anew, so only a
 * captured-and-resent request collides.
 */
function replayKeyOf(outcome: CallbackOutcome, request: CallbackRequest): string | null {
  if (outcome.nonce) return `nonce:${outcome.timestamp ?? ""}:${outcome.nonce}`;
  const signature = headerValue(request.headers, ACTA_SIGNATURE_HEADER);
  return signature ? `sig:${signature}` : null;
}

interface Handled {
  outcome: string;
  reply?: HttpReply;
  failure?: { code: ErrorCode; params?: Record<string, string | number> };
}

async function handle(tx: Tx, ctx: ServiceContext, row: OaConnectorRow, outcome: CallbackOutcome): Promise<Handled> {
  if (outcome.type === "handshake") return { outcome: "handshake", reply: outcome.reply };
  const { event, reply, eventId } = outcome;
  if (event.kind === "ignored") return { outcome: `ignored:${event.reason}`.slice(0, 200), reply };
  // An id is looked up by the decision itself (within the connector's fonds); an OA reference first.
  const approvalId = event.approvalId && z.uuid().safeParse(event.approvalId).success ? event.approvalId : await findByExternalRef(tx, row, event.externalId);
  if (!approvalId) return UNKNOWN;
  // Acta's own completion ended a workflow OA's instance (ADR 0021), and the OA reports it as it reports an
  // applicant's withdrawal. Taken as one, it would be refused, the request having ended, and kept in the
  // history as if someone in the OA had tried to withdraw it. Closing a to-do reports nothing back, and
  // WeCom's completion is only a message (ADR 0024): a withdrawal there afterwards is the applicant's own.
  if (event.kind === "approval.withdrawn" && oaKindsEndedByCompletion.includes(row.kind) && (await endedByActa(tx, row.id, approvalId))) {
    return { outcome: "ended_in_acta", reply };
  }
  if (event.kind === "approval.revoked") {
    // It changes no decision, so the OA reports it itself, whoever it names: a mapped account's role does
    // not matter, and refusing the report would silence the OA again.
    const mappedName = event.revokedBy ? (await mappedActor(tx, row.id, event.revokedBy))?.displayName : undefined;
    const noted = await recordOaRevocation(
      { ...ctx, db: tx, actor: null },
      {
        approvalId,
        fondsId: row.fondsId,
        oaUserId: event.revokedBy ?? `oa:${row.id}`,
        // Archivists read a colleague's name, not an OA account id, and the OA's name when it names no one.
        revokedByName: mappedName ?? event.revokedBy ?? row.name,
        externalEventId: eventId,
        reason: event.reason,
        oaRevokedAt: event.revokedAt,
      },
    );
    return logged(noted, "revoked_in_oa", reply);
  }
  // The OA user who acted: the approver of a decision, the applicant of a withdrawal.
  const oaUser = event.kind === "approval.decided" ? event.decidedBy : event.withdrawnBy;
  const actor = oaUser ? await mappedActor(tx, row.id, oaUser) : null;
  // A mapped account acts as its Acta user or not at all: once that user is deactivated the OA must
  // not vouch for the account as if it were unmapped.
  if (oaUser && !actor && (await mappedUserId(tx, row.id, oaUser))) return { outcome: "refused:auth.forbidden", reply };
  const on = {
    approvalId,
    source: "oa" as const,
    // Unmapped accounts are recorded by their OA id; the verified OA itself vouches for them.
    oaUserId: oaUser ?? `oa:${row.id}`,
    externalEventId: eventId,
    fondsId: row.fondsId,
    connectorId: row.id,
  };
  const octx = { ...ctx, db: tx, actor };
  const decided =
    event.kind === "approval.decided"
      ? await decideApproval(octx, { ...on, decision: event.decision === "approved" ? "approve" : "reject", comment: event.comment, oaDecidedAt: event.decidedAt })
      : await withdrawApproval(octx, { ...on, reason: event.reason, oaWithdrawnAt: event.withdrawnAt });
  // A withdrawal is logged as such, so the log tells it from a decision at a glance.
  return logged(decided, event.kind === "approval.withdrawn" ? "withdrawn" : "recorded", reply);
}

// The OA may answer before the outbox stored its id: not found now, so let the OA retry later.
const UNKNOWN: Handled = { outcome: "unknown_approval", failure: { code: "oa.approval_not_found" } };

/** What the log says of the approvals engine's answer: what was recorded by its name, refusals and failures by code. */
function logged(result: Result<DecisionOutcome>, recorded: string, reply: HttpReply): Handled {
  if (result.ok) return { outcome: result.value.outcome === "recorded" ? recorded : result.value.outcome, reply };
  if (result.error.code === "approval.not_found") return UNKNOWN;
  if (FINAL_REFUSALS.has(result.error.code)) return { outcome: `refused:${result.error.code}`, reply };
  return { outcome: `failed:${result.error.code}`, failure: result.error };
}

/** Whether Acta told this connector's OA to end the approval: a completion exists only once the request ended. */
async function endedByActa(tx: Tx, connectorId: string, approvalId: string): Promise<boolean> {
  const [completion] = await tx
    .select({ id: oaOutbox.id })
    .from(oaOutbox)
    .where(and(eq(oaOutbox.connectorId, connectorId), eq(oaOutbox.approvalId, approvalId), eq(oaOutbox.kind, "complete")))
    .limit(1);
  return completion !== undefined;
}

/**
 * The approval this connector's OA knows by `externalId`: the id its own delivery got back (the outbox
 * keeps one per connector). The request's externalRef holds only the last delivery's id, so with two OAs
 * in a fonds it would lose the first OA's decisions and let one OA decide through another's id.
 */
async function findByExternalRef(tx: Tx, row: OaConnectorRow, externalId: string | undefined): Promise<string | null> {
  if (!externalId) return null;
  const [found] = await tx
    .select({ id: approvalRequests.id })
    .from(oaOutbox)
    .innerJoin(approvalRequests, eq(approvalRequests.id, oaOutbox.approvalId))
    .where(and(eq(oaOutbox.connectorId, row.id), eq(oaOutbox.externalId, externalId), eq(approvalRequests.fondsId, row.fondsId)))
    .limit(1);
  return found?.id ?? null;
}
