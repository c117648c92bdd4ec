import { type SQL, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { erpConnectors, imports, users } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";

export const ListImportsInput = z.object({ connectorId: z.uuid(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const ListRecentImportsInput = z.object({ fondsId: z.uuid(), limit: z.coerce.number().int().min(1).max(20).default(5) });

/** One import as its history shows it: what came in, through which connector, when, by whom, and how it ended. */
function selectImports(db: DbOrTx, where: SQL, limit: number) {
  return db
    .select({
      id: imports.id,
      connectorId: imports.connectorId,
      connectorName: erpConnectors.name,
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
    .innerJoin(erpConnectors, eq(erpConnectors.id, imports.connectorId))
    .leftJoin(users, eq(users.id, imports.createdBy))
    .where(where)
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(limit);
}

export type ImportSummary = Awaited<ReturnType<typeof selectImports>>[number];

/** A connector's import history, newest first. */
export async function listImports(ctx: ServiceContext, raw: unknown): Promise<Result<{ imports: ImportSummary[] }>> {
  const input = ListImportsInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const connector = await loadConnectorForImport(ctx, input.data.connectorId, "read");
  if (!connector.ok) return connector;
  return ok({ imports: await selectImports(ctx.db, eq(imports.connectorId, input.data.connectorId), input.data.limit) });
}

/** The fonds' latest imports through any of its connectors, for the people who import there. */
export async function listRecentImports(ctx: ServiceContext, raw: unknown): Promise<Result<{ imports: ImportSummary[] }>> {
  const input = ListRecentImportsInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (!authorize(ctx, "record.import", input.data.fondsId)) return fail("auth.forbidden");
  return ok({ imports: await selectImports(ctx.db, eq(imports.fondsId, input.data.fondsId), input.data.limit) });
}
