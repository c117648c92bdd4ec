import { eq } from "drizzle-orm";
import { z } from "zod";
import { alerts, storedFiles } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { can } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { type ObjectStore, getObjectStore } from "@/lib/storage";
import { mayResolveAlert, maySeeAlert } from "./list-alerts";
import { verifyStoredFile } from "./verify-stored-file";

export const ResolveAlertInput = z.object({
  alertId: z.uuid(),
  /** What was done (restored from which backup, why it is no duplicate): the record a later auditor reads. */
  note: z.string().trim().min(1).max(2000),
});

/**
 * Marks an alert resolved, with who, when and why, and an audit entry in the same transaction. An alert about a
 * file is resolved only once the file holds its bytes again, one about the store only once the store is there:
 * a note saying "restored" does not make the evidence whole.
 */
export async function resolveAlert(ctx: ServiceContext, raw: unknown, deps: { store?: ObjectStore } = {}): Promise<Result<{ id: string; resolvedAt: Date }>> {
  const input = ResolveAlertInput.safeParse(raw ?? {});
  if (!input.success) return invalid(input.error);
  if (!ctx.actor || !(can(ctx.actor, "alert.resolve") || can(ctx.actor, "admin.system"))) return fail("auth.forbidden");
  const { alertId, note } = input.data;
  const store = deps.store ?? getObjectStore();

  return ctx.db.transaction(async (tx) => {
    // Locked, so two people resolving at once record one resolution, not two.
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, alertId)).for("update");
    // An alert the actor may not see is not confirmed to exist.
    if (!alert || !maySeeAlert(ctx.actor, alert)) return fail("alert.not_found");
    if (!mayResolveAlert(ctx.actor, alert)) return fail("auth.forbidden");
    if (alert.resolvedAt) return fail("alert.already_resolved");
    const at = ctx.now();

    let verified: { sha256: string; at: string } | undefined;
    if ((alert.kind === "file_missing" || alert.kind === "fixity_mismatch") && alert.fileId) {
      const [file] = await tx.select().from(storedFiles).where(eq(storedFiles.id, alert.fileId));
      if (file) {
        const { verdict } = await verifyStoredFile(store, file);
        if (verdict !== "ok") return fail("alert.file_still_damaged", { storageKey: file.storageKey });
        await tx.update(storedFiles).set({ lastVerifiedAt: at, lastVerifyOk: "ok" }).where(eq(storedFiles.id, file.id));
        verified = { sha256: file.sha256, at: at.toISOString() };
      }
    }
    if (alert.kind === "store_unavailable") {
      const anyStored = await tx.select({ id: storedFiles.id }).from(storedFiles).limit(1);
      const availability = await store.availability({ expectObjects: anyStored.length > 0 });
      if (!availability.available) return fail("alert.store_still_unavailable", { location: availability.location });
    }

    await tx.update(alerts).set({ resolvedAt: at, resolvedBy: ctx.actor!.userId, resolutionNote: note }).where(eq(alerts.id, alert.id));
    await appendAudit(tx, ctx, {
      action: "alert.resolved",
      targetType: "alert",
      targetId: alert.id,
      fondsId: alert.fondsId,
      data: { kind: alert.kind, note, recordId: alert.recordId, fileId: alert.fileId, ...(verified ? { verified } : {}) },
    });
    return ok({ id: alert.id, resolvedAt: at });
  });
}
