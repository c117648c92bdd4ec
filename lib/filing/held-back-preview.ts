import type { CheckReport } from "./queries/get-check-report";

type Reason = { code: string; params: Record<string, string | number> };

/**
 * What a submission would hold back, read from the last check report: each collected record that failed
 * its own items, and, when an item of the whole batch failed (2-6 numbering, say), every collected record,
 * since submitFiling holds back a record for any failed result that is its own or the batch's.
 */
export function heldBackPreview(report: CheckReport) {
  // One pass over the results: a month of thousands of records would otherwise rescan them per record.
  const failures = new Map<string | null, Reason[]>();
  for (const property of report.properties)
    for (const item of property.items)
      for (const r of item.results) {
        if (r.outcome !== "fail") continue;
        const list = failures.get(r.recordId) ?? [];
        list.push({ code: r.detail.code, params: { ...r.detail.params, item: item.code } });
        failures.set(r.recordId, list);
      }
  const collected = report.records.filter((r) => r.state === "collected");
  const batchReasons = failures.get(null) ?? [];
  const failed = collected.filter((r) => r.outcome === "fail").map((record) => ({ record, reasons: failures.get(record.id) ?? [] }));
  return { count: batchReasons.length ? collected.length : failed.length, collected: collected.length, batchReasons, failed };
}
