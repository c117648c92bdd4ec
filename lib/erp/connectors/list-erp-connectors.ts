import { asc, eq, inArray } from "drizzle-orm";
import { erpConnectors, fonds } from "@/db/schema";
import { can, fondsWith } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { type Result, ok } from "@/lib/errors";

export interface ErpConnectorSummary {
  id: string;
  fondsId: string;
  fondsCode: string;
  fondsName: string;
  name: string;
  sourceSystem: string;
  formatId: string | null;
  mapping: Record<string, unknown> | null;
  apiKeyPrefix: string | null;
  isActive: boolean;
  createdAt: Date;
}

/**
 * The connectors the actor may use: those of every fonds where they may import records, or all of
 * them for the system administrator who manages connectors. Never the key hash.
 */
export async function listErpConnectors(ctx: ServiceContext): Promise<Result<ErpConnectorSummary[]>> {
  const scope = ctx.actor === null || can(ctx.actor, "admin.connectors") ? "all" : fondsWith(ctx.actor, "record.import");
  if (scope !== "all" && scope.length === 0) return ok([]);
  const query = ctx.db
    .select({
      id: erpConnectors.id,
      fondsId: erpConnectors.fondsId,
      fondsCode: fonds.code,
      fondsName: fonds.name,
      name: erpConnectors.name,
      sourceSystem: erpConnectors.sourceSystem,
      formatId: erpConnectors.formatId,
      mapping: erpConnectors.mapping,
      apiKeyPrefix: erpConnectors.apiKeyPrefix,
      isActive: erpConnectors.isActive,
      createdAt: erpConnectors.createdAt,
    })
    .from(erpConnectors)
    .innerJoin(fonds, eq(fonds.id, erpConnectors.fondsId))
    .$dynamic();
  const rows = await (scope === "all" ? query : query.where(inArray(erpConnectors.fondsId, scope))).orderBy(asc(fonds.code), asc(erpConnectors.name), asc(erpConnectors.id));
  return ok(rows.map((r) => ({ ...r, mapping: r.mapping ?? null })));
}
