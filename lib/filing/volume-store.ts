import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { anyId, uuidArray } from "@/db/any-id";
import type { DbOrTx } from "@/db";
import { records, volumes as volumesTable } from "@/db/schema";
import { type AssembleOptions, type Volume, assembleVolumes, reorder } from "@/lib/archive/volumes/assemble";
import { type Result, fail, ok } from "@/lib/errors";
import { type ScopeRecord, isSourceDocument, loadScopeRecords, sourceDocumentOwners, toVolumeRecord } from "./scope-records";

type VolumeRow = typeof volumesTable.$inferSelect;

function columnsOf(volume: Volume, period: number | null) {
  const g = volume.group;
  return {
    category: g.category,
    fiscalYear: g.fiscalYear,
    periodKind: g.category === "voucher" ? ("month" as const) : g.reportPeriod,
    period: g.month ?? period,
    voucherWord: g.voucherWord,
    materialType: g.ledgerKind ?? g.otherClass,
    seq: volume.sequence,
    title: volume.cover.title,
    retention: volume.cover.retention,
    cover: { ...volume.cover },
  };
}

/**
 * Before filing, `item_no` holds a record's proposed position in its open volume; filing replaces it with
 * the 件号 of its archival code. Source documents carry no position: they sit with their voucher.
 */
async function placeRecords(tx: DbOrTx, volumeId: string, recordIds: readonly string[], owners: Map<string, string>) {
  // One statement per volume: a statement per record cost a month of 10,000 vouchers 10,000 round trips.
  if (recordIds.length) {
    await tx.execute(sql`update ${records} set volume_id = ${volumeId}, item_no = v.n from unnest(${uuidArray(recordIds)}) with ordinality as v(id, n) where ${records.id} = v.id`);
  }
  const placed = new Set(recordIds);
  const documents = [...owners].filter(([, voucher]) => placed.has(voucher)).map(([doc]) => doc);
  // A document already filed with an earlier voucher stays in that voucher's volume; this one only cites it.
  if (documents.length) await tx.update(records).set({ volumeId, itemNo: null }).where(and(anyId(records.id, documents), inArray(records.state, ["collected", "filing"])));
}

/** Stores proposed volumes as open volumes and places their records (and the records' source documents). */
export async function insertVolumes(tx: DbOrTx, fondsId: string, period: number | null, proposed: readonly Volume[], owners: Map<string, string>, now: Date) {
  const ids: string[] = [];
  for (const volume of proposed) {
    const [row] = await tx.insert(volumesTable).values({ fondsId, ...columnsOf(volume, period), createdAt: now }).returning({ id: volumesTable.id });
    await placeRecords(tx, row!.id, volume.recordIds, owners);
    ids.push(row!.id);
  }
  return ids;
}

/** Writes back a rebuilt open volume (its key is the volume's id): cover, title, retention and order. */
export async function saveVolume(tx: DbOrTx, volume: Volume, owners: Map<string, string>) {
  const [row] = await tx.select({ period: volumesTable.period }).from(volumesTable).where(eq(volumesTable.id, volume.key));
  await tx.update(volumesTable).set(columnsOf(volume, row?.period ?? null)).where(eq(volumesTable.id, volume.key));
  await placeRecords(tx, volume.key, volume.recordIds, owners);
}

/**
 * The one order in which volume rows are locked, and always before their records: two transactions
 * changing open volumes (a re-proposal, a reordering, a submission) then queue instead of deadlocking.
 */
export const volumeLockOrder = () => [
  asc(volumesTable.fiscalYear),
  asc(volumesTable.category),
  asc(volumesTable.period),
  asc(volumesTable.voucherWord),
  asc(volumesTable.materialType),
  asc(volumesTable.seq),
  asc(volumesTable.id),
];

export interface LoadedVolumes {
  rows: VolumeRow[];
  volumes: Volume[];
  /** Source document → its voucher, for the documents that travel with these volumes. */
  owners: Map<string, string>;
  members: ScopeRecord[];
}

/**
 * Open volumes as lib/archive's Volume, in their stored order, so moveRecord and reorder can judge a change.
 * Locks the volume rows and their records: two archivists adjusting one volume take turns.
 */
export async function loadOpenVolumes(tx: DbOrTx, where: ReturnType<typeof and>, unit: Pick<AssembleOptions, "unitName" | "fondsCode">): Promise<Result<LoadedVolumes>> {
  const rows = await tx
    .select()
    .from(volumesTable)
    .where(and(where, eq(volumesTable.state, "open")))
    .orderBy(...volumeLockOrder())
    .for("update");
  if (rows.length === 0) return ok({ rows, volumes: [], owners: new Map(), members: [] });
  const members = await loadScopeRecords(tx, anyId(records.volumeId, rows.map((r) => r.id)), { lock: true });
  const owners = await sourceDocumentOwners(tx, members.map((m) => m.id));
  const volumes: Volume[] = [];
  for (const row of rows) {
    const items = members.filter((m) => m.volumeId === row.id && !isSourceDocument(m));
    if (items.length === 0) continue;
    const shaped = [];
    for (const item of items) {
      const r = toVolumeRecord(item);
      if (!r.ok) return r;
      shaped.push(r.value);
    }
    const built = assembleVolumes(shaped, { ...unit, maxPerVolume: shaped.length });
    if (!built.ok) return built;
    if (built.value.length !== 1) return fail("filing.volume_inconsistent", { volumeId: row.id });
    const ordered = reorder(built.value[0]!, items.map((i) => i.id));
    if (!ordered.ok) return ordered;
    volumes.push({ ...ordered.value, key: row.id, sequence: row.seq });
  }
  return ok({ rows, volumes: inBindingOrder(volumes, unit), owners, members });
}

/**
 * Volumes in the order 组卷 gives them (year, category, month, voucher word 记→收→付→转, number): binding each
 * volume's first record as a volume of one lets assembleVolumes sort them, so numbering follows its rules.
 */
function inBindingOrder(volumes: Volume[], unit: Pick<AssembleOptions, "unitName" | "fondsCode">): Volume[] {
  const firsts = volumes.flatMap((v) => (v.records[0] ? [v.records[0]] : []));
  const sorted = assembleVolumes(firsts, { ...unit, maxPerVolume: 1 });
  if (!sorted.ok) return volumes;
  const rank = new Map(sorted.value.map((v, i) => [v.recordIds[0], i]));
  return [...volumes].sort((a, b) => (rank.get(a.recordIds[0]) ?? 0) - (rank.get(b.recordIds[0]) ?? 0));
}

/** Removes open volumes that no longer hold anything (their records were re-proposed or moved away). */
export async function dropEmptyOpenVolumes(tx: DbOrTx, ids: readonly string[]) {
  for (const id of ids) {
    const [member] = await tx.select({ id: records.id }).from(records).where(eq(records.volumeId, id)).limit(1);
    if (!member) await tx.delete(volumesTable).where(and(eq(volumesTable.id, id), eq(volumesTable.state, "open")));
  }
}

/** Detaches records from their open volumes (not from sealed ones, which the trigger protects anyway). */
export async function detachRecords(tx: DbOrTx, recordIds: readonly string[]) {
  if (recordIds.length === 0) return;
  await tx.update(records).set({ volumeId: null, itemNo: null }).where(and(anyId(records.id, [...recordIds]), inArray(records.state, ["collected", "filing"])));
}
