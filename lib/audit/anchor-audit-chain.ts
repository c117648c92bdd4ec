import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db";
import { auditAnchors, auditEvents } from "@/db/schema";
import { notifyRole } from "@/lib/approvals/notify";
import { atomically } from "@/lib/atomically";
import { authorize } from "@/lib/auth/authorize";
import { type ServiceContext, systemContext } from "@/lib/context";
import { type AppError, type Result, fail, ok } from "@/lib/errors";
import { NO_ANCHOR_MAC, anchorFile, appendAnchor, readLastAnchor, signAnchor } from "./anchor-file";
import { appendAudit } from "./append-audit";

/** Every hour on the hour: a chain rewritten by someone who can write the database shows from the next anchor on (ADR 0018). */
export const AUDIT_ANCHOR_CRON = "0 * * * *";

// Anchor writers (the worker's schedule, an administrator's click in the web process) take turns, so each line
// links to the one before it and the database records them in the file's order.
const AUDIT_ANCHOR_LOCK = 7_402_110_002;

export interface AnchorRecord {
  seq: number;
  anchoredAt: Date;
  entryId: number;
  entryHash: string;
  entryCount: number;
}

/** Written, or nothing to anchor: no entry yet, or the head is the one the last anchor names. */
export type AnchorOutcome = { written: true; anchor: AnchorRecord } | { written: false; reason: "empty" | "unchanged" };

/**
 * Records the chain's committed head in the anchor file, then in audit_anchors. The head is read in one
 * statement, so its id, hash and count come from one snapshot; it is a committed prefix of the chain, because
 * appenders draw their ids only under the chain lock, held until they commit (append-audit). An appender is
 * never waited for: what it commits later is the next anchor's.
 */
async function recordAnchor(tx: Tx, now: Date, anchoredBy: string | null): Promise<Result<AnchorOutcome>> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_ANCHOR_LOCK})`);
  const file = anchorFile();
  const [[head], [recorded], read] = await Promise.all([
    tx.execute<{ id: string; hash: string; count: string }>(sql`
      select h.id, h.hash, (select count(*) from audit_events where id <= h.id) as count
      from (select id, hash from audit_events order by id desc limit 1) h`),
    tx.select({ seq: auditAnchors.seq, entryId: auditAnchors.entryId }).from(auditAnchors).orderBy(desc(auditAnchors.seq)).limit(1),
    onFile(file, () => readLastAnchor(file)),
  ]);
  if (!read.ok) return read;
  const tail = read.value;
  // Never written over: a file that lost lines or holds a line not Acta's is evidence, and the next line
  // would bury it. Anchoring stops (the job fails, logged) until someone looks; verification says what is wrong.
  if (tail.last === null) return fail("audit.anchor_file_damaged", { file: file.path });
  const fileSeq = tail.last === "none" ? 0 : tail.last.seq;
  if (recorded && recorded.seq > fileSeq) {
    return fail(fileSeq === 0 ? "audit.anchor_file_missing" : "audit.anchor_file_truncated", { file: file.path, recorded: recorded.seq, found: fileSeq });
  }
  if (!head) return ok({ written: false, reason: "empty" });
  const entryId = Number(head.id);
  if (tail.last !== "none" && tail.last.entryId === entryId && tail.last.hash === head.hash) return ok({ written: false, reason: "unchanged" });
  const anchor = signAnchor(
    { v: 1, seq: fileSeq + 1, anchoredAt: now.toISOString(), entryId, hash: head.hash, count: Number(head.count), prevMac: tail.last === "none" ? NO_ANCHOR_MAC : tail.last.mac },
    file.key,
  );
  // The file first: a crash between leaves a line the database does not know of, which verification accepts;
  // the other way round would leave the database claiming an anchor the file never had.
  const appended = await onFile(file, () => appendAnchor(file, anchor, tail.end));
  if (!appended.ok) return appended;
  const record = { seq: anchor.seq, anchoredAt: now, entryId, entryHash: anchor.hash, entryCount: anchor.count };
  await tx.insert(auditAnchors).values({ ...record, mac: anchor.mac, anchoredBy });
  await tellIfRestored(tx, record, recorded?.entryId ?? 0);
  return ok({ written: true, anchor: record });
}

/** The file cannot be opened, read or written (a missing or read-only folder, a full disk): said, not thrown. */
async function onFile<T>(file: { path: string }, work: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (e) {
    const { code } = e as NodeJS.ErrnoException;
    if (!code) throw e;
    return fail("audit.anchor_file_unusable", { file: file.path, reason: code });
  }
}

// Those who repair what stops anchoring: the system administrator owns the data folder, the audit
// administrator judges the anchor file and the chain (三员), each told where their own page is.
const TOLD = [
  { role: "sysadmin", link: "/admin" },
  { role: "auditadmin", link: "/admin/audit" },
] as const;
const FAILED = "audit.anchor_failed";

/**
 * A failed scheduled anchor, told to the administrators once per failing streak: a streak is told when no
 * failure is on the trail after the head the last anchor covers, so a failure every hour tells no one
 * twice, and one after anchoring worked again starts a new streak. Audited, which the scheduled anchor
 * itself is not (ADR 0018): once per streak, the entry cannot make anchoring loop. Under the writers' lock,
 * so a worker and the web process failing together tell once.
 */
async function reportAnchorFailure(db: DbOrTx, error: AppError, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_ANCHOR_LOCK})`);
    const [last] = await tx.select({ entryId: auditAnchors.entryId }).from(auditAnchors).orderBy(desc(auditAnchors.seq)).limit(1);
    const [told] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, FAILED), gt(auditEvents.id, last?.entryId ?? 0)))
      .limit(1);
    if (told) return;
    const params = { problem: error.code.replace(/^audit\./, ""), file: "", reason: "", ...error.params };
    let notified = 0;
    for (const { role, link } of TOLD) notified += await notifyRole(tx, null, role, { kind: "audit.notification.anchor_failed", params, link, at: now });
    await appendAudit(tx, { ...systemContext(db), now: () => now }, { action: FAILED, targetType: "audit_chain", data: { code: error.code, ...error.params, notified } });
  });
}

/** The first anchor after a failing streak: those told of the failure hear that anchoring works again. */
async function tellIfRestored(tx: Tx, anchor: AnchorRecord, previous: number): Promise<void> {
  const [failed] = await tx
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, FAILED), gt(auditEvents.id, previous)))
    .limit(1);
  if (!failed) return;
  const params = { seq: anchor.seq, entryId: anchor.entryId };
  for (const { role, link } of TOLD) await notifyRole(tx, null, role, { kind: "audit.notification.anchor_restored", params, link, at: anchor.anchoredAt });
}

/**
 * The audit administrator's "anchor now". Unlike the schedule's anchors it is on the trail (DA/T 94 E.7: a
 * person's act is logged); its entry comes after the head it anchors, so the next scheduled anchor covers it
 * and, not being logged itself, ends there (ADR 0018).
 */
export async function anchorAuditChain(ctx: ServiceContext): Promise<Result<AnchorOutcome>> {
  if (!authorize(ctx, "audit.read_admin")) return fail("auth.forbidden");
  return atomically(ctx.db, async (tx) => {
    const outcome = await recordAnchor(tx, ctx.now(), ctx.actor?.userId ?? null);
    if (outcome.ok && outcome.value.written) {
      const { seq, entryId, entryHash, entryCount } = outcome.value.anchor;
      await appendAudit(tx, ctx, { action: "audit.anchor_written", targetType: "audit_chain", targetId: String(seq), data: { seq, entryId, entryHash, entryCount } });
    }
    return outcome;
  });
}

/**
 * The scheduled job. Not on the trail: an entry per anchor would move the head it just anchored, so every run
 * would find something new to anchor and an idle archive would log an anchor an hour for ever. The anchor
 * file and audit_anchors are its record. A failure is told to the administrators (once per failing streak)
 * and thrown, so the job fails and the worker logs why.
 */
export async function runScheduledAuditAnchor(db: DbOrTx, now = new Date()): Promise<AnchorOutcome> {
  const outcome = await atomically(db, (tx) => recordAnchor(tx, now, null));
  if (!outcome.ok) {
    await reportAnchorFailure(db, outcome.error, now);
    throw new Error(`audit anchor not written: ${outcome.error.code} ${JSON.stringify(outcome.error.params ?? {})}`);
  }
  return outcome.value;
}
