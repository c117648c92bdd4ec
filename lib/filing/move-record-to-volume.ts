import { z } from "zod";
import { moveRecord } from "@/lib/archive/volumes/assemble";
import { atomically } from "@/lib/atomically";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, invalid, ok } from "@/lib/errors";
import { type VolumeView, adjustOpenVolumes, openVolumeOf } from "./adjust-volumes";

export const MoveRecordToVolumeInput = z.object({
  recordId: z.uuid(),
  volumeId: z.uuid(),
  /** 0-based place in the target volume. */
  position: z.number().int().min(0),
});

/**
 * The archivist moves a record into another open volume before filing. lib/archive's moveRecord refuses to
 * mix voucher words or months (DA/T 94 8.4.2); an emptied volume disappears. Source documents follow their voucher.
 */
export async function moveRecordToVolume(ctx: ServiceContext, raw: unknown): Promise<Result<{ volumes: VolumeView[] }>> {
  const input = MoveRecordToVolumeInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { recordId, volumeId, position } = input.data;
  return atomically(ctx.db, async (tx) => {
    const from = await openVolumeOf(tx, recordId);
    if (!from.ok) return from;
    const adjusted = await adjustOpenVolumes(tx, ctx, [from.value, volumeId], (loaded) => moveRecord(loaded.volumes, recordId, volumeId, position));
    if (!adjusted.ok) return adjusted;
    await appendAudit(tx, ctx, { action: "filing.record_moved", targetType: "record", targetId: recordId, fondsId: adjusted.value.fondsId, data: { from: from.value, to: volumeId, position } });
    return ok({ volumes: adjusted.value.volumes });
  });
}
