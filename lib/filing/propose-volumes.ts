import { and, eq } from "drizzle-orm";
import { anyId } from "@/db/any-id";
import type { Tx } from "@/db";
import { records, volumes as volumesTable } from "@/db/schema";
import { assembleVolumes } from "@/lib/archive/volumes/assemble";
import { atomically } from "@/lib/atomically";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type ErrorCode, type Result, fail, invalid, ok } from "@/lib/errors";
import { PeriodScope, periodVolumes } from "./filing-scope";
import { type FondsRules, loadFondsRules } from "./fonds-rules";
import { isSourceDocument, loadScopeRecords, periodScopeRecordIds, sourceDocumentOwners, toVolumeRecord } from "./scope-records";
import { detachRecords, dropEmptyOpenVolumes, insertVolumes, volumeLockOrder } from "./volume-store";

export interface ProposedVolume {
  id: string;
  category: string;
  seq: number;
  title: string;
  cover: Record<string, unknown>;
  recordIds: string[];
}

export interface Proposal {
  volumes: ProposedVolume[];
  /** Collected records of the period that no volume can take, each with the reason. */
  unplaced: { id: string; reason: { code: ErrorCode; params?: Record<string, string | number> } }[];
}

/**
 * Binds a period's collected records into volumes in the caller's transaction, replacing earlier open
 * proposals of the same period. Shared by proposeVolumes and by submitFiling when nothing was proposed yet.
 */
export async function proposeInTransaction(tx: Tx, ctx: ServiceContext, scope: PeriodScope, rules: FondsRules): Promise<Result<Proposal>> {
  // The period's volumes are locked before their records, as an archivist reordering one of them locks
  // them: the other way round, a re-proposal and that reordering at the same moment deadlocked.
  const previous = await tx.select({ id: volumesTable.id }).from(volumesTable).where(periodVolumes(scope)).orderBy(...volumeLockOrder()).for("update");
  const collected = await loadScopeRecords(tx, and(anyId(records.id, await periodScopeRecordIds(tx, scope)), eq(records.state, "collected")), { lock: true });
  await detachRecords(tx, collected.map((r) => r.id));
  await dropEmptyOpenVolumes(tx, [...new Set([...previous.map((v) => v.id), ...collected.flatMap((r) => (r.volumeId ? [r.volumeId] : []))])]);

  const owners = await sourceDocumentOwners(tx, collected.map((r) => r.id));
  const inScope = new Set(collected.map((r) => r.id));
  const unplaced: Proposal["unplaced"] = [];
  const items = [];
  for (const record of collected) {
    if (isSourceDocument(record)) {
      const owner = owners.get(record.id);
      if (!owner || !inScope.has(owner)) unplaced.push({ id: record.id, reason: { code: "filing.source_document_unlinked" } });
      continue;
    }
    const shaped = toVolumeRecord(record);
    if (shaped.ok) items.push(shaped.value);
    else unplaced.push({ id: record.id, reason: shaped.error });
  }
  const built = assembleVolumes(items, { unitName: rules.name, fondsCode: rules.code, maxPerVolume: rules.volumeSize });
  if (!built.ok) return built;
  const ids = await insertVolumes(tx, scope.fondsId, scope.period ?? null, built.value, owners, ctx.now());
  const volumes = built.value.map((v, i) => ({
    id: ids[i]!,
    category: v.group.category,
    seq: v.sequence,
    title: v.cover.title,
    cover: { ...v.cover },
    recordIds: [...v.recordIds],
  }));
  return ok({ volumes, unplaced });
}

/**
 * 组卷 proposal for a period (DA/T 94 8.4-8.6): vouchers by month and voucher word in number order, at most
 * the fonds' volume size each (default 50); ledgers by year and kind; reports by period kind. The volumes
 * stay open, so the archivist can move and reorder records until the filing is approved.
 */
export async function proposeVolumes(ctx: ServiceContext, raw: unknown): Promise<Result<Proposal>> {
  const input = PeriodScope.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const scope = input.data;
  if (!authorize(ctx, "filing.submit", scope.fondsId)) return fail("auth.forbidden");
  return atomically(ctx.db, async (tx) => {
    const rules = await loadFondsRules(tx, scope.fondsId);
    if (!rules.ok) return rules;
    const proposal = await proposeInTransaction(tx, ctx, scope, rules.value);
    if (!proposal.ok) return proposal;
    await appendAudit(tx, ctx, {
      action: "filing.volumes_proposed",
      targetType: "fonds",
      targetId: scope.fondsId,
      fondsId: scope.fondsId,
      data: { ...scope, volumes: proposal.value.volumes.length, records: proposal.value.volumes.reduce((n, v) => n + v.recordIds.length, 0), unplaced: proposal.value.unplaced.length },
    });
    return proposal;
  });
}
