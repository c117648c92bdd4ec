import { type SQL, and, eq } from "drizzle-orm";
import { z } from "zod";
import { anyId } from "@/db/any-id";
import { records, volumes } from "@/db/schema";

/** A period of one fonds: a month (vouchers, monthly reports…) or, without `period`, the whole fiscal year. */
export const PeriodScope = z.object({
  fondsId: z.uuid(),
  fiscalYear: z.number().int().min(1900).max(9999),
  period: z.number().int().min(1).max(12).optional(),
});
export type PeriodScope = z.infer<typeof PeriodScope>;

export const VolumeIds = z.array(z.uuid()).min(1).max(1000);

/** The collected records of a period. */
export function periodRecords(scope: PeriodScope): SQL | undefined {
  return and(
    eq(records.fondsId, scope.fondsId),
    eq(records.fiscalYear, scope.fiscalYear),
    eq(records.state, "collected"),
    scope.period === undefined ? undefined : eq(records.period, scope.period),
  );
}

/** The open volumes of a period. */
export function periodVolumes(scope: PeriodScope): SQL | undefined {
  return and(
    eq(volumes.fondsId, scope.fondsId),
    eq(volumes.fiscalYear, scope.fiscalYear),
    eq(volumes.state, "open"),
    scope.period === undefined ? undefined : eq(volumes.period, scope.period),
  );
}

export const volumesById = (ids: readonly string[]) => anyId(volumes.id, [...ids]);
