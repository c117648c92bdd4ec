import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { anyId } from "@/db/any-id";
import type { DbOrTx } from "@/db";
import { z } from "zod";
import { filingRecords, filings, records, volumes as volumesTable } from "@/db/schema";
import { createApprovalRequest } from "@/lib/approvals/create-approval-request";
import { atomically } from "@/lib/atomically";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { groupBy } from "@/lib/group-by";
import { getObjectStore } from "@/lib/storage";
import type { CheckDeps } from "./check-batch";
import { type CheckScope, saveCheckRun } from "./check-runs";
import { PeriodScope, VolumeIds } from "./filing-scope";
import { loadFondsRules } from "./fonds-rules";
import { type FilingView, loadFiling } from "./get-filing";
import { proposeInTransaction } from "./propose-volumes";
import { evaluateChecks, fondsOfVolumes, scopeRecordIds } from "./run-filing-checks";
import { isSourceDocument, loadScopeRecords, sourceDocumentOwners } from "./scope-records";
import { detachRecords, dropEmptyOpenVolumes, loadOpenVolumes, saveVolume, volumeLockOrder } from "./volume-store";

/** A period of a fonds, or open volumes (of one fonds, which `fondsId`, when given, must name). */
export const SubmitFilingInput = z.union([PeriodScope.strict(), z.object({ fondsId: z.uuid().optional(), volumeIds: VolumeIds }).strict()]);
export const SubmitFilingOptions = z.object({ overrideWarnings: z.boolean().default(false) }).strict();

type Reason = { code: string; params?: Record<string, string | number> };

/**
 * Submits a filing request (归档申请): runs the four-property checks, holds back every record with a failed
 * item (and with warnings, unless the archivist overrides them) with its reasons, moves the rest to state
 * `filing` in their volumes, and opens the approval request for the fonds' finance approver. A period whose
 * records were never bound into volumes is bound first (proposeVolumes' rules).
 */
export async function submitFiling(ctx: ServiceContext, raw: unknown, rawOptions: unknown = {}, deps?: Partial<CheckDeps>): Promise<Result<FilingView>> {
  const input = SubmitFilingInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const options = SubmitFilingOptions.safeParse(rawOptions ?? {});
  if (!options.success) return invalid(options.error);
  const request = input.data;
  const owner = "volumeIds" in request ? await fondsOfVolumes(ctx.db, request.volumeIds) : ok(request.fondsId);
  if (!owner.ok) return owner;
  if (request.fondsId !== undefined && request.fondsId !== owner.value) return fail("filing.volume_not_found");
  const fondsId = owner.value;
  if (!authorize(ctx, "filing.submit", fondsId)) return fail("auth.forbidden");
  if (!ctx.actor) return fail("approval.requester_required");
  const rules = await loadFondsRules(ctx.db, fondsId);
  if (!rules.ok) return rules;

  let scope: CheckScope;
  if ("volumeIds" in request) {
    const sealed = await ctx.db.select({ id: volumesTable.id }).from(volumesTable).where(and(anyId(volumesTable.id, request.volumeIds), ne(volumesTable.state, "open"))).limit(1);
    if (sealed.length) return fail("filing.volume_sealed");
    scope = { volumeIds: [...new Set(request.volumeIds)] };
  } else {
    scope = request;
    const ids = await scopeRecordIds(ctx.db, request);
    const unbound = ids.length ? await ctx.db.select({ id: records.id }).from(records).where(and(anyId(records.id, ids), isNull(records.volumeId))).limit(1) : [];
    if (unbound.length) {
      const proposed = await atomically(ctx.db, async (tx) => {
        const p = await proposeInTransaction(tx, ctx, request, rules.value);
        if (p.ok) await appendAudit(tx, ctx, { action: "filing.volumes_proposed", targetType: "fonds", targetId: fondsId, fondsId, data: { ...request, volumes: p.value.volumes.length, bySubmission: true } });
        return p;
      });
      if (!proposed.ok) return proposed;
    }
  }

  const recordIds = await scopeRecordIds(ctx.db, scope);
  if (recordIds.length === 0) return fail("filing.nothing_collected");
  const startedAt = ctx.now();
  // An import may change a collected record while its checks run; its results then describe old data.
  const checkedVersions = await recordVersions(ctx.db, recordIds);
  const results = await evaluateChecks(ctx, scope, rules.value, recordIds, { store: deps?.store ?? getObjectStore(), ...(deps?.antivirus ? { antivirus: deps.antivirus } : {}) });
  // The report is kept even when nothing can be filed: it is what tells the archivist what to fix.
  const run = await ctx.db.transaction((tx) => saveCheckRun(tx, ctx, fondsId, scope, results, recordIds, startedAt));

  const filed = await atomically(ctx.db, async (tx) => {
    // The records' open volumes are locked before the records, as every change to open volumes locks them
    // (volumeLockOrder): holding a record back rewrites its volume, and the other way round a reordering
    // of that volume at the same moment deadlocked with this transaction.
    await tx
      .select({ id: volumesTable.id })
      .from(volumesTable)
      .where(and(eq(volumesTable.state, "open"), inArray(volumesTable.id, tx.select({ id: records.volumeId }).from(records).where(anyId(records.id, recordIds)))))
      .orderBy(...volumeLockOrder())
      .for("update");
    const current = await loadScopeRecords(tx, and(anyId(records.id, recordIds), eq(records.state, "collected")), { lock: true });
    const owners = await sourceDocumentOwners(tx, current.map((r) => r.id));
    const versions = await recordVersions(tx, current.map((r) => r.id));
    const reasons = new Map<string, Reason[]>();
    // Each record's results with the batch's, found by id: a month held back whole by a batch item named each
    // record's reasons by filtering every result of the run, which took a minute for 3,000 vouchers.
    const resultsOf = groupBy(results, (r) => r.recordId);
    const batchResults = resultsOf.get(null) ?? [];
    const resultsFor = (recordId: string) => [...batchResults, ...(resultsOf.get(recordId) ?? [])];
    const inScope = new Set(current.map((r) => r.id));
    for (const record of current) {
      const summary = run.full.records[record.id];
      const own: Reason[] = [];
      if (versions.get(record.id) !== checkedVersions.get(record.id)) own.push({ code: "filing.changed_since_checked" });
      if (record.volumeId === null) own.push({ code: isSourceDocument(record) ? "filing.source_document_unlinked" : "filing.not_in_volume" });
      if (summary && !summary.passed) own.push(...detailed(resultsFor(record.id), summary.failed, "fail"));
      if (summary && summary.warnings.length && !options.data.overrideWarnings) own.push(...detailed(resultsFor(record.id), summary.warnings, "warning"));
      if (own.length) reasons.set(record.id, own);
    }
    // A source document stays with its voucher (DA/T 94 8.4.1): held back together.
    for (const [document, voucher] of owners) {
      if (reasons.has(voucher) && inScope.has(document) && !reasons.has(document)) reasons.set(document, [{ code: "filing.voucher_held_back" }]);
    }
    const included = current.filter((r) => !reasons.has(r.id));
    if (included.filter((r) => !isSourceDocument(r)).length === 0) return fail("filing.nothing_to_file", { runId: run.runId, heldBack: reasons.size });

    const heldIds = [...reasons.keys()];
    const touched = [...new Set(current.filter((r) => reasons.has(r.id) && r.volumeId).map((r) => r.volumeId!))];
    await detachRecords(tx, heldIds);
    const remaining = await loadOpenVolumes(tx, anyId(volumesTable.id, touched), { unitName: rules.value.name, fondsCode: rules.value.code });
    if (!remaining.ok) return remaining;
    for (const volume of remaining.value.volumes) await saveVolume(tx, volume, remaining.value.owners);
    await dropEmptyOpenVolumes(tx, touched);

    const includedIds = included.map((r) => r.id);
    await tx.update(records).set({ state: "filing", updatedAt: ctx.now() }).where(anyId(records.id, includedIds));
    const volumeIds = [...new Set((await tx.select({ v: records.volumeId }).from(records).where(anyId(records.id, includedIds))).flatMap((r) => (r.v ? [r.v] : [])))];
    const [filing] = await tx
      .insert(filings)
      .values({ fondsId, fiscalYear: "fiscalYear" in request ? request.fiscalYear : null, period: "period" in request ? (request.period ?? null) : null, volumeIds, checkRunId: run.runId, createdBy: ctx.actor!.userId, createdAt: ctx.now() })
      .returning({ id: filings.id });
    const filingId = filing!.id;
    const rows = [
      ...includedIds.map((recordId) => ({ filingId, recordId, status: "included" })),
      ...heldIds.map((recordId) => ({ filingId, recordId, status: "held_back", reasons: reasons.get(recordId) ?? [] })),
    ];
    // In slices: one insert of a large period's rows would pass PostgreSQL's 65,535 parameters.
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(filingRecords).values(rows.slice(i, i + 1000));
    const period = "fiscalYear" in request ? `${request.fiscalYear}${request.period ? `-${String(request.period).padStart(2, "0")}` : ""}` : `${volumeIds.length}`;
    const approval = await createApprovalRequest(tx, ctx, { fondsId, kind: "filing", subjectId: filingId, title: `${rules.value.code} · ${period} · ${includedIds.length}` });
    if (!approval.ok) return approval;
    await appendAudit(tx, ctx, {
      action: "filing.submitted",
      targetType: "filing",
      targetId: filingId,
      fondsId,
      data: { scope: "volumeIds" in scope ? { volumeIds: scope.volumeIds } : scope, included: includedIds.length, heldBack: heldIds.length, overrideWarnings: options.data.overrideWarnings, checkRunId: run.runId, approvalId: approval.value.id },
    });
    return ok(filingId);
  });
  if (!filed.ok) return filed;
  const view = await loadFiling(ctx.db, filed.value);
  return view ? ok(view) : fail("filing.not_found");
}

/** Each record's last change, to the microsecond PostgreSQL keeps (a Date would round it to milliseconds). */
async function recordVersions(db: DbOrTx, recordIds: readonly string[]): Promise<Map<string, string>> {
  if (recordIds.length === 0) return new Map();
  const rows = await db.select({ id: records.id, version: sql<string>`${records.updatedAt}::text` }).from(records).where(anyId(records.id, [...recordIds]));
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** One reason per failed (or warned) item of a record's results and the batch's, naming the DA/T 70 item and its explanation. */
function detailed(results: readonly { code: string; outcome: string; detail: Reason }[], codes: readonly string[], outcome: "fail" | "warning"): Reason[] {
  return [...new Set(codes)].flatMap((code) => {
    const hits = results.filter((r) => r.code === code && r.outcome === outcome);
    return hits.map((r) => ({ code: r.detail.code, params: { ...r.detail.params, item: code, outcome } }));
  });
}
