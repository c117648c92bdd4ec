import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { records, volumes } from "@/db/schema";
import { authorize } from "@/lib/auth/authorize";
import type { PeriodKind } from "@/lib/archive/periods/periods";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";

export const BrowseTreeInput = z.object({
  fondsId: z.uuid(),
  // Months and volumes are listed for the opened year only: a fonds of many years stays one cheap query.
  fiscalYear: z.coerce.number().int().min(1900).max(2200).optional(),
});

export interface BrowseTree {
  years: {
    fiscalYear: number;
    total: number;
    categories: {
      category: string;
      total: number;
      /**
       * Filled for the opened year only: the months, then quarters, halves and the year (annual reports and
       * ledgers), each a node of its own, as a Q3 report has period 3 like March's vouchers.
       */
      months: { periodKind: PeriodKind | null; period: number | null; total: number; volumes: { id: string; title: string; volumeNo: number | null; total: number }[] }[];
    }[];
  }[];
}

/**
 * The archive tree of one fonds (全宗 → 年度 → 类别 → 月份 → 案卷) with record counts, as the browse page
 * shows it beside the list. Catalogue data only, so catalog.read suffices.
 */
export async function getBrowseTree(ctx: ServiceContext, raw: unknown): Promise<Result<BrowseTree>> {
  const input = BrowseTreeInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const { fondsId, fiscalYear } = input.data;
  if (!authorize(ctx, "catalog.read", fondsId)) return fail("auth.forbidden");
  const [top, detail] = await Promise.all([
    ctx.db
      .select({ fiscalYear: records.fiscalYear, category: records.category, total: count() })
      .from(records)
      .where(eq(records.fondsId, fondsId))
      .groupBy(records.fiscalYear, records.category)
      .orderBy(sql`${records.fiscalYear} desc`, asc(records.category)),
    fiscalYear === undefined
      ? Promise.resolve([])
      : ctx.db
          .select({ category: records.category, periodKind: records.periodKind, period: records.period, volumeId: records.volumeId, title: volumes.title, volumeNo: volumes.volumeNo, total: count() })
          .from(records)
          .leftJoin(volumes, eq(volumes.id, records.volumeId))
          .where(and(eq(records.fondsId, fondsId), eq(records.fiscalYear, fiscalYear)))
          .groupBy(records.category, records.periodKind, records.period, records.volumeId, volumes.title, volumes.volumeNo, volumes.seq)
          // period_kind sorts as its enum is declared: months, quarters, halves, the year; none last.
          .orderBy(asc(records.category), asc(records.periodKind), asc(records.period), asc(volumes.volumeNo), asc(volumes.seq), asc(records.volumeId)),
  ]);
  const years = new Map<number, BrowseTree["years"][number]>();
  for (const row of top) {
    const year = years.get(row.fiscalYear) ?? { fiscalYear: row.fiscalYear, total: 0, categories: [] };
    years.set(row.fiscalYear, year);
    year.total += row.total;
    year.categories.push({ category: row.category, total: row.total, months: [] });
  }
  const opened = fiscalYear === undefined ? undefined : years.get(fiscalYear);
  for (const row of detail) {
    const category = opened?.categories.find((c) => c.category === row.category);
    if (!category) continue;
    let month = category.months.find((m) => m.periodKind === row.periodKind && m.period === row.period);
    if (!month) category.months.push((month = { periodKind: row.periodKind, period: row.period, total: 0, volumes: [] }));
    month.total += row.total;
    if (row.volumeId && row.title) month.volumes.push({ id: row.volumeId, title: row.title, volumeNo: row.volumeNo, total: row.total });
  }
  return ok({ years: [...years.values()] });
}
