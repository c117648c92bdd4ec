import { eq } from "drizzle-orm";
import { z } from "zod";
import { records } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

// PostgreSQL text cannot hold NUL: one pasted in was a database error (a 500) rather than a field to correct.
const text = (max: number) => z.string().trim().max(max).regex(/^[^\u0000]*$/);

export const UpdateRecordCustodyInput = z
  .object({
    recordId: z.uuid(),
    /** 库房/架/层/格 of the paper original (DA/T 94 M73 当前位置). */
    storageLocation: text(200).nullable().optional(),
    /** 附注 (DA/T 94 M82). */
    notes: text(2000).nullable().optional(),
  })
  .refine((v) => v.storageLocation !== undefined || v.notes !== undefined, { path: ["storageLocation"], message: "nothing_to_change" });

/**
 * Changes what the standard lets change on a record, filed or not: where its paper original is kept and its
 * notes (DA/T 94 14.3 freezes content, not custody). The database trigger lets these columns through and
 * refuses everything else on a filed record; the before and after values go into the audit trail.
 */
export async function updateRecordCustody(ctx: ServiceContext, raw: unknown): Promise<Result<{ id: string; storageLocation: string | null; notes: string | null }>> {
  const input = UpdateRecordCustodyInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { recordId, storageLocation, notes } = input.data;
  return ctx.db.transaction(async (tx) => {
    const [record] = await tx.select({ fondsId: records.fondsId, storageLocation: records.storageLocation, notes: records.notes }).from(records).where(eq(records.id, recordId)).for("update");
    if (!record || (ctx.actor && !authorize(ctx, "record.read", record.fondsId))) return fail("record.not_found");
    if (!authorize(ctx, "record.annotate", record.fondsId)) return fail("auth.forbidden");
    const next = { storageLocation: storageLocation === undefined ? record.storageLocation : storageLocation || null, notes: notes === undefined ? record.notes : notes || null };
    await tx.update(records).set({ ...next, updatedAt: ctx.now() }).where(eq(records.id, recordId));
    await appendAudit(tx, ctx, { action: "record.custody_updated", targetType: "record", targetId: recordId, fondsId: record.fondsId, data: { before: { storageLocation: record.storageLocation, notes: record.notes }, after: next } });
    return ok({ id: recordId, ...next });
  });
}
