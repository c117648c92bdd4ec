import { and, eq } from "drizzle-orm";
import { anyId } from "@/db/any-id";
import type { Tx } from "@/db";
import { records, volumes as volumesTable } from "@/db/schema";
import type { Volume } from "@/lib/archive/volumes/assemble";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";
import { loadFondsRules } from "./fonds-rules";
import { type LoadedVolumes, dropEmptyOpenVolumes, loadOpenVolumes, saveVolume } from "./volume-store";

export interface VolumeView {
  id: string;
  title: string;
  cover: Record<string, unknown>;
  recordIds: string[];
}

export const volumeView = (v: Volume): VolumeView => ({ id: v.key, title: v.cover.title, cover: { ...v.cover }, recordIds: [...v.recordIds] });

/**
 * The shared frame of the archivist's manual changes to open volumes: the volumes must exist, be open, belong
 * to one fonds in which the actor files, and hold only records that are still collected (a submitted filing's
 * volumes wait for its decision). `change` returns the volumes as they should be; they are written back.
 */
export async function adjustOpenVolumes(
  tx: Tx,
  ctx: ServiceContext,
  volumeIds: readonly string[],
  change: (loaded: LoadedVolumes) => Result<Volume[]>,
): Promise<Result<{ fondsId: string; volumes: VolumeView[] }>> {
  const rows = await tx.select({ id: volumesTable.id, fondsId: volumesTable.fondsId, state: volumesTable.state }).from(volumesTable).where(anyId(volumesTable.id, [...volumeIds]));
  if (rows.length !== new Set(volumeIds).size) return fail("filing.volume_not_found");
  const fondsIds = [...new Set(rows.map((r) => r.fondsId))];
  if (fondsIds.length !== 1) return fail("filing.volumes_mixed_fonds");
  const fondsId = fondsIds[0]!;
  if (!authorize(ctx, "filing.submit", fondsId)) return fail("auth.forbidden");
  if (rows.some((r) => r.state !== "open")) return fail("filing.volume_sealed");
  const rules = await loadFondsRules(tx, fondsId);
  if (!rules.ok) return rules;
  const loaded = await loadOpenVolumes(tx, anyId(volumesTable.id, [...volumeIds]), { unitName: rules.value.name, fondsCode: rules.value.code });
  if (!loaded.ok) return loaded;
  if (loaded.value.members.some((m) => m.state !== "collected")) return fail("filing.volume_in_filing");
  const changed = change(loaded.value);
  if (!changed.ok) return changed;
  for (const volume of changed.value) await saveVolume(tx, volume, loaded.value.owners);
  await dropEmptyOpenVolumes(tx, volumeIds);
  return ok({ fondsId, volumes: changed.value.map(volumeView) });
}

/** The open volume a collected record sits in, or why it has none. */
export async function openVolumeOf(tx: Tx, recordId: string): Promise<Result<string>> {
  const [record] = await tx.select({ volumeId: records.volumeId, state: records.state }).from(records).where(eq(records.id, recordId));
  if (!record) return fail("filing.record_not_found");
  if (record.state !== "collected") return fail("filing.record_not_open");
  if (!record.volumeId) return fail("filing.not_in_volume");
  const [volume] = await tx.select({ id: volumesTable.id }).from(volumesTable).where(and(eq(volumesTable.id, record.volumeId), eq(volumesTable.state, "open")));
  return volume ? ok(volume.id) : fail("filing.record_not_open");
}
