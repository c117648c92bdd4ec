import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { fonds, retentionSchedules } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, ok } from "@/lib/errors";

export interface FondsSummary {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  schedule: string;
  parentCode: string | null;
  createdAt: Date;
}

/**
 * All fonds of the installation. Administrators need the list to create fonds, grant roles per fonds
 * and attach connectors to one; it names organisations, not archive content.
 */
export async function listFonds(ctx: ServiceContext): Promise<Result<FondsSummary[]>> {
  if (!authorize(ctx, "admin.system") && !authorize(ctx, "admin.roles") && !authorize(ctx, "admin.connectors")) return fail("auth.forbidden");
  const parent = alias(fonds, "parent");
  const rows = await ctx.db
    .select({
      id: fonds.id,
      code: fonds.code,
      name: fonds.name,
      nameEn: fonds.nameEn,
      schedule: retentionSchedules.code,
      parentCode: parent.code,
      createdAt: fonds.createdAt,
    })
    .from(fonds)
    .innerJoin(retentionSchedules, eq(retentionSchedules.id, fonds.scheduleId))
    .leftJoin(parent, eq(parent.id, fonds.parentId))
    .orderBy(asc(fonds.code));
  return ok(rows);
}
