import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { imports } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import { systemContext } from "@/lib/context";

/**
 * When the worker gave up on an import after its last retry (a crash, not a problem in the file),
 * the import says so instead of showing "running" for ever. Vouchers already written stay: each is
 * whole, and uploading the file again completes the rest.
 */
export async function markImportCrashed(db: Db, importId: string): Promise<void> {
  const ctx = systemContext(db, "acta-worker");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(imports)
      .set({ state: "failed", failure: { code: "import.crashed" }, finishedAt: ctx.now() })
      .where(and(eq(imports.id, importId), inArray(imports.state, ["queued", "running"])))
      .returning({ fondsId: imports.fondsId });
    if (row) await appendAudit(tx, ctx, { action: "import.failed", targetType: "import", targetId: importId, fondsId: row.fondsId, data: { failure: "import.crashed" } });
  });
}
