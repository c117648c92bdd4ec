import { z } from "zod";
import { reorder } from "@/lib/archive/volumes/assemble";
import { atomically } from "@/lib/atomically";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { type VolumeView, adjustOpenVolumes } from "./adjust-volumes";

export const ReorderVolumeInput = z.object({ volumeId: z.uuid(), recordIds: z.array(z.uuid()).min(1).max(10_000) });

/** The archivist's order of one open volume; `recordIds` must name exactly the volume's records. */
export async function reorderVolume(ctx: ServiceContext, raw: unknown): Promise<Result<{ volume: VolumeView }>> {
  const input = ReorderVolumeInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { volumeId, recordIds } = input.data;
  return atomically(ctx.db, async (tx) => {
    const adjusted = await adjustOpenVolumes(tx, ctx, [volumeId], (loaded) => {
      const volume = loaded.volumes[0];
      if (!volume) return fail("filing.volume_not_found");
      const result = reorder(volume, recordIds);
      return result.ok ? ok([result.value]) : result;
    });
    if (!adjusted.ok) return adjusted;
    await appendAudit(tx, ctx, { action: "filing.volume_reordered", targetType: "volume", targetId: volumeId, fondsId: adjusted.value.fondsId, data: { recordIds } });
    return ok({ volume: adjusted.value.volumes[0]! });
  });
}
