import { COUNT_CAP } from "@/lib/search/limits";

/**
 * Which words a search's total deserves. An estimate at the cap's floor tells only that counting stopped
 * (the planner's figure was lower: its statistics predate the last import), so it is said as "more than
 * 1,000", never as "about 1,001".
 */
export function totalLabel(result: { total: number; totalIsEstimate: boolean }): { key: "total" | "totalEstimate" | "totalOverCap"; total: number } {
  if (!result.totalIsEstimate) return { key: "total", total: result.total };
  return result.total > COUNT_CAP + 1 ? { key: "totalEstimate", total: result.total } : { key: "totalOverCap", total: COUNT_CAP };
}
