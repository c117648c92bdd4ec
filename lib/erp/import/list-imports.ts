import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { imports, users } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { type Result, invalid, ok } from "@/lib/errors";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";

export const ListImportsInput = z.object({ connectorId: z.uuid(), limit: z.coerce.number().int().min(1).max(200).default(50) });

/** A connector's import history, newest first: what came in, when, by whom, and how it ended. */
export async function listImports(ctx: ServiceContext, raw: unknown): Promise<Result<{ imports: Record<string, unknown>[] }>> {
  const input = ListImportsInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const connector = await loadConnectorForImport(ctx, input.data.connectorId, "read");
  if (!connector.ok) return connector;
  const rows = await ctx.db
    .select({
      id: imports.id,
      fileName: imports.fileName,
      state: imports.state,
      progress: imports.progress,
      formatId: imports.formatId,
      counts: imports.counts,
      failure: imports.failure,
      createdAt: imports.createdAt,
      finishedAt: imports.finishedAt,
      createdBy: users.displayName,
    })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.createdBy))
    .where(eq(imports.connectorId, input.data.connectorId))
    .orderBy(desc(imports.createdAt))
    .limit(input.data.limit);
  return ok({ imports: rows });
}
