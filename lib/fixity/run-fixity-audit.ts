import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { alerts, recordFiles, records, storedFiles } from "@/db/schema";
import { notifyRole } from "@/lib/approvals/notify";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { type ObjectStore, type StoreAvailability, getObjectStore } from "@/lib/storage";
import { alertLink } from "./list-alerts";
import { verifyStoredFile } from "./verify-stored-file";

/** DA/T 70 4.3.1.2: a sample of at least 5 % every quarter; everything every two years. */
export const DEFAULT_SAMPLE_PERCENT = 5;

/**
 * How many failed files the audit entry names one by one. The alerts and each file's last verdict change later;
 * the trail must keep what this audit found. Bounded, since a store whose disk is not mounted fails every file.
 */
export const PROBLEMS_LISTED = 1000;

export const RunFixityAuditInput = z.object({
  mode: z.enum(["sample", "full"]),
  samplePercent: z.number().min(DEFAULT_SAMPLE_PERCENT).max(100).default(DEFAULT_SAMPLE_PERCENT),
});

export interface FixityProblem {
  fileId: string;
  sha256: string;
  storageKey: string;
  kind: "fixity_mismatch" | "file_missing";
  /** The digest found now; null when the bytes are gone or cannot be read. */
  actual: string | null;
}

export interface FixityAuditResult {
  mode: "sample" | "full";
  stored: number;
  checked: number;
  problems: FixityProblem[];
  alertsRaised: number;
  /** Set when the store itself could not be reached: no file was checked, and none was judged. */
  storeUnavailable?: Extract<StoreAvailability, { available: false }>["reason"];
}

/**
 * Re-computes the SHA-256, SM3 and size of stored files (固化信息 re-verified, DA/T 70 BC-1-1) and records when each was last
 * verified and with what result. A sample takes the files verified longest ago first, so successive
 * quarterly samples walk the whole store. A mismatch or a missing file raises an alert for every fonds whose
 * records use the file, and notifies its archivists and the system administrators.
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
  const files = limit
    ? await ctx.db
        .select({ id: storedFiles.id, sha256: storedFiles.sha256, sm3: storedFiles.sm3, size: storedFiles.size, storageKey: storedFiles.storageKey })
        .from(storedFiles)
        .orderBy(sql`${storedFiles.lastVerifiedAt} asc nulls first`, asc(storedFiles.createdAt), asc(storedFiles.id))
        .limit(limit)
    : [];

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
      if (ids.length) await tx.update(storedFiles).set({ lastVerifiedAt: at, lastVerifyOk: verdict }).where(inArray(storedFiles.id, ids));
    }
    let raised = 0;
    for (const problem of problems) {
      const uses = await tx
        .select({ recordId: records.id, fondsId: records.fondsId, fileName: recordFiles.fileName })
        .from(recordFiles)
        .innerJoin(records, eq(records.id, recordFiles.recordId))
        .where(eq(recordFiles.fileId, problem.fileId));
      const targets = uses.length ? uses : [{ recordId: null, fondsId: null, fileName: "" }];
      // What an operator needs to restore the bytes from a backup: the key they live under and the digest they must have.
      const operational = { expected: problem.sha256, actual: problem.actual ?? "", storageKey: problem.storageKey };
      let firstRaised: string | null = null;
      for (const use of targets) {
        const [open] = await tx
          .select({ id: alerts.id })
          .from(alerts)
          .where(and(eq(alerts.kind, problem.kind), eq(alerts.fileId, problem.fileId), use.recordId ? eq(alerts.recordId, use.recordId) : isNull(alerts.recordId), isNull(alerts.resolvedAt)));
        if (open) continue;
        const params = { fileName: use.fileName, ...operational };
        const [alert] = await tx
          .insert(alerts)
          .values({ fondsId: use.fondsId, kind: problem.kind, recordId: use.recordId, fileId: problem.fileId, params, createdAt: at })
          .returning({ id: alerts.id });
        raised += 1;
        firstRaised ??= alert!.id;
        if (use.fondsId) await notifyRole(tx, use.fondsId, "archivist", { kind: `fixity.notification.${problem.kind}`, params, link: alertLink(alert!.id), at });
      }
      // One notice per damaged file, however many records share it, and without the file's name: the system
      // administrator restores bytes and reads no archive content (三员).
      if (firstRaised) await notifyRole(tx, null, "sysadmin", { kind: `fixity.notification.operator.${problem.kind}`, params: operational, link: alertLink(firstRaised), at });
    }
    await appendAudit(tx, ctx, {
      action: "fixity.audit_run",
      targetType: "store",
      targetId: store.kind,
      data: {
        mode,
        samplePercent: mode === "sample" ? samplePercent : 100,
        stored: total,
        checked: files.length,
        mismatched: problems.filter((p) => p.kind === "fixity_mismatch").length,
        missing: problems.filter((p) => p.kind === "file_missing").length,
        alertsRaised: raised,
        problems: problems.slice(0, PROBLEMS_LISTED).map((p) => ({ fileId: p.fileId, kind: p.kind, expected: p.sha256, actual: p.actual })),
        ...(problems.length > PROBLEMS_LISTED ? { problemsNotListed: problems.length - PROBLEMS_LISTED } : {}),
      },
    });
    return ok({ mode, stored: total, checked: files.length, problems, alertsRaised: raised });
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
    return ok({ mode: run.mode, stored: run.total, checked: 0, problems: [], alertsRaised: open ? 0 : 1, storeUnavailable: reason });
  });
}
