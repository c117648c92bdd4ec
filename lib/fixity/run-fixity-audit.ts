import { and, asc, eq, inArray, isNull, not, sql } from "drizzle-orm";
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
  problems: FixityProblem[];
  alertsRaised: number;
  /** Alerts closed because their file verified again. */
  alertsResolved: number;
  /** Set when the store itself could not be reached: no file was checked, and none was judged. */
  storeUnavailable?: Extract<StoreAvailability, { available: false }>["reason"];
}

/**
 * Re-computes the SHA-256, SM3 and size of stored files (固化信息 re-verified, DA/T 70 BC-1-1) and records when each was last
 * verified and with what result. A sample takes the files verified longest ago first, so successive
 * quarterly samples walk the whole store; files with an open fixity alert are checked on every run besides. A
 * mismatch or a missing file raises an alert for every fonds whose records use the file, and notifies its
 * archivists and the system administrators; a file that verifies again has its alerts closed by the run.
 */
export async function runFixityAudit(ctx: ServiceContext, raw: unknown, deps: { store?: ObjectStore } = {}): Promise<Result<FixityAuditResult>> {
  const input = RunFixityAuditInput.safeParse(raw ?? {});
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "admin.system")) return fail("auth.forbidden");
  const { mode, samplePercent } = input.data;
  const store = deps.store ?? getObjectStore();

  const [{ total } = { total: 0 }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(storedFiles);
  // An unmounted disk or a wrong ACTA_DATA_DIR would otherwise read as every file lost: thousands of alerts and
  // notices, and every verdict overwritten, for what is one operational fault.
  const availability: StoreAvailability = total ? await store.availability({ expectObjects: true }) : { available: true };
  if (!availability.available) return reportStoreUnavailable(ctx, store, availability, { mode, samplePercent, total });
  const limit = mode === "full" ? total : Math.min(total, Math.ceil((total * samplePercent) / 100));
  const columns = { id: storedFiles.id, sha256: storedFiles.sha256, sm3: storedFiles.sm3, size: storedFiles.size, storageKey: storedFiles.storageKey };
  // A file found damaged or missing is looked at again on every run, not when the rotation comes round to it (up
  // to two years): its alert closes as soon as the good copy is back, and stays open only while it is still true.
  // These come on top of the sample, so the rotation through the rest of the store keeps its pace.
  const alerted = await ctx.db
    .select(columns)
    .from(storedFiles)
    .where(sql`exists (select 1 from ${alerts} where ${alerts.fileId} = ${storedFiles.id} and ${inArray(alerts.kind, FIXITY_ALERT_KINDS)} and ${alerts.resolvedAt} is null)`)
    .orderBy(asc(storedFiles.id));
  const sampled = limit
    ? await ctx.db
        .select(columns)
        .from(storedFiles)
        .where(alerted.length ? not(anyId(storedFiles.id, alerted.map((f) => f.id))) : undefined)
        .orderBy(sql`${storedFiles.lastVerifiedAt} asc nulls first`, asc(storedFiles.createdAt), asc(storedFiles.id))
        .limit(limit)
    : [];
  const files = [...alerted, ...sampled];

  const verdicts: { id: string; verdict: "ok" | "mismatch" | "missing" }[] = [];
  const problems: FixityProblem[] = [];
  for (const file of files) {
    const { verdict, actual } = await verifyStoredFile(store, file);
    verdicts.push({ id: file.id, verdict });
    if (verdict !== "ok") problems.push({ fileId: file.id, sha256: file.sha256, storageKey: file.storageKey, kind: verdict === "missing" ? "file_missing" : "fixity_mismatch", actual });
  }
  // A full audit reads for hours: a disk unmounted meanwhile leaves files "missing" that are not lost. Asked again
  // before any is judged so.
  if (problems.some((p) => p.kind === "file_missing")) {
    const after = await store.availability({ expectObjects: true });
    if (!after.available) return reportStoreUnavailable(ctx, store, after, { mode, samplePercent, total });
  }

  return ctx.db.transaction(async (tx) => {
    const at = ctx.now();
    for (const verdict of ["ok", "mismatch", "missing"] as const) {
      const ids = verdicts.filter((v) => v.verdict === verdict).map((v) => v.id);
      // One array parameter: a full audit of a store past 65,535 files would exceed PostgreSQL's parameter limit.
      if (ids.length) await tx.update(storedFiles).set({ lastVerifiedAt: at, lastVerifyOk: verdict }).where(anyId(storedFiles.id, ids));
    }
    // Alerts of files that verify now describe a past state: closed, and named in this run's entry below.
    const okIds = verdicts.filter((v) => v.verdict === "ok").map((v) => v.id);
    const resolved = okIds.length
      ? await tx
          .update(alerts)
          .set({ resolvedAt: at, resolvedBy: ctx.actor?.userId ?? null })
          .where(and(anyId(alerts.fileId, okIds), inArray(alerts.kind, FIXITY_ALERT_KINDS), isNull(alerts.resolvedAt)))
          .returning({ alertId: alerts.id, fileId: alerts.fileId, recordId: alerts.recordId, kind: alerts.kind })
      : [];
    let raised = 0;
    for (const problem of problems) raised += await raiseFixityAlerts(tx, problem, at);
    await appendAudit(tx, ctx, {
      action: "fixity.audit_run",
      targetType: "store",
      targetId: store.kind,
      data: {
        mode,
        samplePercent: mode === "sample" ? samplePercent : 100,
        stored: total,
        checked: files.length,
        rechecked: alerted.length,
        mismatched: problems.filter((p) => p.kind === "fixity_mismatch").length,
        missing: problems.filter((p) => p.kind === "file_missing").length,
        alertsRaised: raised,
        problems: problems.slice(0, PROBLEMS_LISTED).map((p) => ({ fileId: p.fileId, kind: p.kind, expected: p.sha256, actual: p.actual })),
        ...(problems.length > PROBLEMS_LISTED ? { problemsNotListed: problems.length - PROBLEMS_LISTED } : {}),
        alertsResolved: resolved.length,
        resolved: resolved.slice(0, PROBLEMS_LISTED),
        ...(resolved.length > PROBLEMS_LISTED ? { resolvedNotListed: resolved.length - PROBLEMS_LISTED } : {}),
      },
    });
    return ok({ mode, stored: total, checked: files.length, rechecked: alerted.length, problems, alertsRaised: raised, alertsResolved: resolved.length });
  });
}

/**
 * Records that the audit could not run because the store is not there: one open alert per place looked at (a
 * second run finds it open and adds nothing), one notice to each system administrator, who mounts disks and
 * restores backups, and an audit entry that is not a `fixity.audit_run`, so the schedule still asks for the
 * audit that did not happen.
 */
async function reportStoreUnavailable(
  ctx: ServiceContext,
  store: ObjectStore,
  availability: Extract<StoreAvailability, { available: false }>,
  run: { mode: "sample" | "full"; samplePercent: number; total: number },
): Promise<Result<FixityAuditResult>> {
  const { reason, location } = availability;
  return ctx.db.transaction(async (tx) => {
    const at = ctx.now();
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
      data: { mode: run.mode, samplePercent: run.mode === "sample" ? run.samplePercent : 100, stored: run.total, reason, location, alertRaised: !open },
    });
    return ok({ mode: run.mode, stored: run.total, checked: 0, rechecked: 0, problems: [], alertsRaised: open ? 0 : 1, alertsResolved: 0, storeUnavailable: reason });
  });
}
