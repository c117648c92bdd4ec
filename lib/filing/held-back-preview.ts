import type { CheckReport } from "./queries/get-check-report";

export interface HeldBackReason {
  code: string;
  params: Record<string, string | number>;
}

/**
 * What a submission would hold back, read from the last check report: each collected record that failed
 * its own items, and, when an item of the whole batch failed (2-6 numbering, say), every collected record,
 * since submitFiling holds back a record for any failed result that is its own or the batch's.
 */
export function heldBackPreview(report: CheckReport) {
  const reasonsOf = (recordId: string | null): HeldBackReason[] =>
    report.properties.flatMap((p) =>
      p.items.flatMap((i) => i.results.filter((r) => r.recordId === recordId && r.outcome === "fail").map((r) => ({ code: r.detail.code, params: { ...r.detail.params, item: i.code } }))),
    );
  const collected = report.records.filter((r) => r.state === "collected");
  const batchReasons = reasonsOf(null);
  const failed = collected.filter((r) => r.outcome === "fail").map((record) => ({ record, reasons: reasonsOf(record.id) }));
  return { count: batchReasons.length ? collected.length : failed.length, collected: collected.length, batchReasons, failed };
}
