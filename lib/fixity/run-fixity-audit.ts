import { type SQL, and, asc, eq, gt, inArray, isNull, not, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { anyId } from "@/db/any-id";
import { z } from "zod";
import { alerts, storedFiles } from "@/db/schema";
import { notifyRole } from "@/lib/approvals/notify";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { type ObjectStore, type StoreAvailability, getObjectStore } from "@/lib/storage";
import { alertLink } from "./list-alerts";
import { raiseFixityAlerts } from "./raise-fixity-alerts";
import { verifyStoredFile } from "./verify-stored-file";

/** DA/T 70 4.3.1.2: a sample of at least 5 % every quarter; everything every two years. */
export const DEFAULT_SAMPLE_PERCENT = 5;

/**
 * How many failed files the audit entry names one by one. The alerts and each file's last verdict change later;
 * the trail must keep what this audit found. Bounded, since a store whose disk is not mounted fails every file.
 */
export const PROBLEMS_LISTED = 1000;

/** The alert kinds a fixity audit raises, and closes when the file verifies again. */
export const FIXITY_ALERT_KINDS = ["fixity_mismatch", "file_missing"] as const;

export const RunFixityAuditInput = z.object({
  mode: z.enum(["sample", "full"]),
  samplePercent: z.number().min(DEFAULT_SAMPLE_PERCENT).max(100).default(DEFAULT_SAMPLE_PERCENT),
});

/**
 * How many files the audit reads, judges and writes at a time. The audit holds one batch of files (and the capped
 * lists of its entry) in memory, never the store's list of files, which with millions of them runs to hundreds of
 * MiB (ADR 0017).
 */
export const FIXITY_BATCH_SIZE = 500;

export interface FixityProblem {
  fileId: string;
  sha256: string;
  storageKey: string;
  kind: (typeof FIXITY_ALERT_KINDS)[number];
  /** The digest found now; null when the bytes are gone or cannot be read. */
  actual: string | null;
}

export interface FixityAuditResult {
  mode: "sample" | "full";
  stored: number;
  checked: number;
  /** Of those checked, the files with an open fixity alert, checked on top of the sample. */
  rechecked: number;
  /** The first PROBLEMS_LISTED files found damaged or missing, as the audit entry lists them. */
  problems: FixityProblem[];
  /** How many more were found than `problems` lists. */
  problemsNotListed?: number;
  alertsRaised: number;
  /** Alerts closed because their file verified again. */
  alertsResolved: number;
  /**
   * Set when the store itself could not be reached: no file was judged from then on. Gone at the start, nothing was
   * checked; gone during a run, `checked` counts the files of the batches judged before.
   */
  storeUnavailable?: Extract<StoreAvailability, { available: false }>["reason"];
}

type AuditedFile = { id: string; sha256: string; sm3: string; size: number; storageKey: string };

/** What a run has done so far: counts, and the first PROBLEMS_LISTED problems, all that is kept of the files judged. */
interface Tally {
  checked: number;
  rechecked: number;
  mismatched: number;
  missing: number;
  raised: number;
  problems: FixityProblem[];
}

/**
 * Re-computes the SHA-256, SM3 and size of stored files (固化信息 re-verified, DA/T 70 BC-1-1) and records when each was last
 * verified and with what result. A sample takes the files verified longest ago first, so successive
 * quarterly samples walk the whole store; files with an open fixity alert are checked on every run besides. A
 * mismatch or a missing file raises an alert for every fonds whose records use the file, and notifies its
 * archivists and the system administrators; a file that verifies again has its alerts closed by the run.
 *
 * Files are taken `batchSize` at a time, each batch's verdicts and alerts written before the next is read; the
 * alerts of files that verified are closed at the end, in the transaction of the run's audit entry that names them.
 */
export async function runFixityAudit(ctx: ServiceContext, raw: unknown, deps: { store?: ObjectStore; batchSize?: number } = {}): Promise<Result<FixityAuditResult>> {
  const input = RunFixityAuditInput.safeParse(raw ?? {});
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.system")) return fail("auth.forbidden");
  const { mode, samplePercent } = input.data;
  const store = deps.store ?? getObjectStore();
  const batchSize = Math.max(1, Math.floor(deps.batchSize ?? FIXITY_BATCH_SIZE));
  const run = { mode, samplePercent, at: ctx.now() };

  const [{ total } = { total: 0 }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(storedFiles);
  // An unmounted disk or a wrong ACTA_DATA_DIR would otherwise read as every file lost: thousands of alerts and
  // notices, and every verdict overwritten, for what is one operational fault.
  const availability: StoreAvailability = total ? await store.availability({ expectObjects: true }) : { available: true };
  const tally: Tally = { checked: 0, rechecked: 0, mismatched: 0, missing: 0, raised: 0, problems: [] };
  if (!availability.available) return reportStoreUnavailable(ctx, store, availability, { ...run, total }, tally);
  const limit = mode === "full" ? total : Math.min(total, Math.ceil((total * samplePercent) / 100));

  for await (const batch of filesToAudit(ctx.db, mode, limit, batchSize, run.at)) {
    const after = await judgeBatch(ctx.db, store, batch, run.at, tally);
    if (after) return reportStoreUnavailable(ctx, store, after, { ...run, total }, tally);
  }

  return ctx.db.transaction(async (tx) => {
    const resolved = await closeVerifiedAlerts(tx, ctx, run.at);
    await appendAudit(tx, ctx, {
      action: "fixity.audit_run",
      targetType: "store",
      targetId: store.kind,
      data: { mode, samplePercent: mode === "sample" ? samplePercent : 100, stored: total, ...tallied(tally, resolved) },
    });
    return ok({ mode, stored: total, ...outcome(tally), alertsRaised: tally.raised, alertsResolved: resolved.total });
  });
}

/**
 * Whether a stored file has a fixity alert still open: such a file is looked at again on every run. Names written
 * out, as drizzle leaves a select list's columns unqualified, and both tables have an `id`.
 */
const alertOpen = sql<boolean>`exists (select 1 from alerts a where a.file_id = stored_files.id and a.kind in (${sql.join(
  FIXITY_ALERT_KINDS.map((k) => sql`${k}`),
  sql`, `,
)}) and a.resolved_at is null)`;

const auditedColumns = { id: storedFiles.id, sha256: storedFiles.sha256, sm3: storedFiles.sm3, size: storedFiles.size, storageKey: storedFiles.storageKey, alerted: alertOpen };

/** The stored files `where` holds, in pages of `batchSize` by id: each page asked for after `id`, wherever the last one ended. */
async function* byId(db: DbOrTx, where: SQL | undefined, batchSize: number): AsyncGenerator<(AuditedFile & { alerted: boolean })[]> {
  for (let after: string | null = null; ; ) {
    const batch = await db
      .select(auditedColumns)
      .from(storedFiles)
      .where(and(where, after === null ? undefined : gt(storedFiles.id, after)))
      .orderBy(asc(storedFiles.id))
      .limit(batchSize);
    if (batch.length) yield batch;
    if (batch.length < batchSize) return;
    after = batch.at(-1)!.id;
  }
}

/**
 * The files a run checks, `batchSize` at a time; a batch's verdicts are written (last verified `at`) before the
 * next one is asked for. A full audit walks the store by id. Otherwise the files with an open alert come first, by
 * id: a file found damaged or missing is looked at again on every run, not when the rotation comes round to it
 * (up to two years), so its alert closes as soon as the good copy is back. Then the `limit` files verified longest
 * ago, besides those, so the rotation through the rest of the store keeps its pace; a file this run verified
 * already carries `at`, which keeps it out of every later batch without a list of the files taken.
 */
async function* filesToAudit(db: DbOrTx, mode: "sample" | "full", limit: number, batchSize: number, at: Date): AsyncGenerator<(AuditedFile & { alerted: boolean })[]> {
  if (mode === "full") {
    yield* byId(db, undefined, batchSize);
    return;
  }
  yield* byId(db, alertOpen, batchSize);
  const notThisRun = sql`${storedFiles.lastVerifiedAt} is distinct from ${at.toISOString()}::timestamptz`;
  for (let left = limit; left > 0; ) {
    const batch = await db
      .select(auditedColumns)
      .from(storedFiles)
      .where(and(not(alertOpen), notThisRun))
      .orderBy(sql`${storedFiles.lastVerifiedAt} asc nulls first`, asc(storedFiles.createdAt), asc(storedFiles.id))
      .limit(Math.min(batchSize, left));
    if (!batch.length) return;
    yield batch;
    left -= batch.length;
  }
}

/**
 * Verifies one batch and writes what it found: each file's verdict, and an alert for each damaged or missing one.
 * Returns the store's state instead when a file was missing and the store has gone meanwhile: a full audit reads
 * for hours, and a disk unmounted during it leaves files "missing" that are not lost, so the store is asked again
 * before any file is judged so.
 */
async function judgeBatch(db: DbOrTx, store: ObjectStore, batch: (AuditedFile & { alerted: boolean })[], at: Date, tally: Tally): Promise<Extract<StoreAvailability, { available: false }> | null> {
  const verdicts: { id: string; verdict: "ok" | "mismatch" | "missing" }[] = [];
  const problems: FixityProblem[] = [];
  for (const file of batch) {
    const { verdict, actual } = await verifyStoredFile(store, file);
    verdicts.push({ id: file.id, verdict });
    if (verdict !== "ok") problems.push({ fileId: file.id, sha256: file.sha256, storageKey: file.storageKey, kind: verdict === "missing" ? "file_missing" : "fixity_mismatch", actual });
  }
  if (problems.some((p) => p.kind === "file_missing")) {
    const after = await store.availability({ expectObjects: true });
    if (!after.available) return after;
  }
  await db.transaction(async (tx) => {
    for (const verdict of ["ok", "mismatch", "missing"] as const) {
      const ids = verdicts.filter((v) => v.verdict === verdict).map((v) => v.id);
      // One array parameter, whatever the batch size: PostgreSQL refuses more than 65,535 parameters.
      if (ids.length) await tx.update(storedFiles).set({ lastVerifiedAt: at, lastVerifyOk: verdict }).where(anyId(storedFiles.id, ids));
    }
    for (const problem of problems) tally.raised += await raiseFixityAlerts(tx, problem, at);
  });
  tally.checked += batch.length;
  tally.rechecked += batch.filter((f) => f.alerted).length;
  tally.mismatched += problems.filter((p) => p.kind === "fixity_mismatch").length;
  tally.missing += problems.filter((p) => p.kind === "file_missing").length;
  tally.problems.push(...problems.slice(0, PROBLEMS_LISTED - tally.problems.length));
  return null;
}

/**
 * Closes the open fixity alerts of the files this run found intact (verified `at`, ok): they describe a past state.
 * In one statement, so only the first PROBLEMS_LISTED closed alerts and their number come back, however many.
 */
async function closeVerifiedAlerts(tx: DbOrTx, ctx: ServiceContext, at: Date): Promise<{ total: number; listed: { alertId: string; fileId: string; recordId: string | null; kind: string }[] }> {
  const [row] = await tx.execute<{ total: number; listed: { alertId: string; fileId: string; recordId: string | null; kind: string }[] }>(sql`
    with closed as (
      update ${alerts} set resolved_at = ${at.toISOString()}::timestamptz, resolved_by = ${ctx.actor?.userId ?? null}
      where ${inArray(alerts.kind, FIXITY_ALERT_KINDS)} and resolved_at is null
        and file_id in (select id from ${storedFiles} where last_verified_at = ${at.toISOString()}::timestamptz and last_verify_ok = 'ok')
      returning id, file_id, record_id, kind
    )
    select (select count(*)::int from closed) as total,
      coalesce((select json_agg(json_build_object('alertId', id, 'fileId', file_id, 'recordId', record_id, 'kind', kind))
        from (select * from closed limit ${PROBLEMS_LISTED}) listed), '[]'::json) as listed`);
  return row ?? { total: 0, listed: [] };
}

function outcome(tally: Tally) {
  const notListed = tally.mismatched + tally.missing - tally.problems.length;
  return { checked: tally.checked, rechecked: tally.rechecked, problems: tally.problems, ...(notListed > 0 ? { problemsNotListed: notListed } : {}) };
}

/** What the audit entry says the run found and did: the trail keeps it after alerts close and verdicts change. */
function tallied(tally: Tally, resolved: { total: number; listed: unknown[] }) {
  const notListed = tally.mismatched + tally.missing - tally.problems.length;
  return {
    checked: tally.checked,
    rechecked: tally.rechecked,
    mismatched: tally.mismatched,
    missing: tally.missing,
    alertsRaised: tally.raised,
    problems: tally.problems.map((p) => ({ fileId: p.fileId, kind: p.kind, expected: p.sha256, actual: p.actual })),
    ...(notListed > 0 ? { problemsNotListed: notListed } : {}),
    alertsResolved: resolved.total,
    resolved: resolved.listed,
    ...(resolved.total > resolved.listed.length ? { resolvedNotListed: resolved.total - resolved.listed.length } : {}),
  };
}

/**
 * Records that the audit could not run because the store is not there: one open alert per place looked at (a
 * second run finds it open and adds nothing), one notice to each system administrator, who mounts disks and
 * restores backups, and an audit entry that is not a `fixity.audit_run`, so the schedule still asks for the
 * audit that did not happen. A store that went away during the run leaves the batches judged before it went:
 * their alerts closed and the entry naming what they found, as a finished run's entry would.
 */
async function reportStoreUnavailable(
  ctx: ServiceContext,
  store: ObjectStore,
  availability: Extract<StoreAvailability, { available: false }>,
  run: { mode: "sample" | "full"; samplePercent: number; total: number; at: Date },
  tally: Tally,
): Promise<Result<FixityAuditResult>> {
  const { reason, location } = availability;
  return ctx.db.transaction(async (tx) => {
    const at = ctx.now();
    const resolved = tally.checked ? await closeVerifiedAlerts(tx, ctx, run.at) : { total: 0, listed: [] };
    const [open] = await tx
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.kind, "store_unavailable"), isNull(alerts.resolvedAt), sql`${alerts.params}->>'location' = ${location}`))
      .limit(1);
    const params = { storeKind: store.kind, reason, location };
    if (!open) {
      const [alert] = await tx.insert(alerts).values({ kind: "store_unavailable", params, createdAt: at }).returning({ id: alerts.id });
      await notifyRole(tx, null, "sysadmin", { kind: "fixity.notification.operator.store_unavailable", params, link: alertLink(alert!.id), at });
    }
    await appendAudit(tx, ctx, {
      action: "fixity.store_unavailable",
      targetType: "store",
      targetId: store.kind,
      data: {
        mode: run.mode,
        samplePercent: run.mode === "sample" ? run.samplePercent : 100,
        stored: run.total,
        reason,
        location,
        alertRaised: !open,
        ...(tally.checked ? tallied(tally, resolved) : {}),
      },
    });
    return ok({ mode: run.mode, stored: run.total, ...outcome(tally), alertsRaised: tally.raised + (open ? 0 : 1), alertsResolved: resolved.total, storeUnavailable: reason });
  });
}
