import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { type CheckDetail, checkDetailText } from "@/components/filing/check-detail";
import { OutcomeBadge } from "@/components/filing/outcome-badge";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { OUTCOMES } from "@/lib/archive/checks/types";
import { type CheckReport, SHOWN_PER_ITEM } from "@/lib/filing/queries/get-check-report";

type Item = CheckReport["properties"][number]["items"][number];

/**
 * One property's DA/T 70 items: code, title, how it is decided, the overall outcome, the counts over the
 * records, and the explanation in words, naming the records that did not pass (each a drill-down link).
 */
export function CheckItemTable({
  items,
  labels,
  runId,
  manualSlot,
  showCounts = true,
}: {
  items: Item[];
  labels: Map<string, string>;
  runId: string;
  manualSlot?: (item: Item) => React.ReactNode;
  /** Counts over the records; one record's own items have none worth showing. */
  showCounts?: boolean;
}) {
  const t = useTranslations();
  const locale = useLocale();
  const format = useFormatter();
  const detail = (d: CheckDetail) => checkDetailText(t, locale, (at) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short" }), d);
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="w-14">{t("filing-ui.report.code")}</TableHead>
          <TableHead>{t("filing-ui.report.item")}</TableHead>
          <TableHead>{t("filing-ui.report.outcome")}</TableHead>
          <TableHead>{t("filing-ui.report.detail")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => {
          // The service sends the first records that did not pass, and the explanation when one holds for all;
          // the counts cover every record, so "more" counts those not sent.
          const notPassed = item.shown.filter((r) => r.recordId !== null && (r.outcome === "fail" || r.outcome === "warning" || r.outcome === "not_performed"));
          const notPassedCount = item.counts.fail + item.counts.warning + item.counts.not_performed;
          const distinct = [...new Map(item.shown.map((r) => [JSON.stringify(r.detail), r])).values()];
          return (
            <TableRow key={item.code} id={`item-${item.code}`} className="align-top">
              <TableCell className="font-mono text-xs">{item.code}</TableCell>
              <TableCell className="min-w-[12rem]">
                <div className="font-medium whitespace-normal">{locale === "en" ? item.title.en : item.title.zh}</div>
                <div className="mt-1 flex flex-wrap gap-1">
                  <Badge variant="outline">{t(`filing-ui.report.mode.${item.mode}`)}</Badge>
                  <Badge variant="outline">{t(`filing-ui.report.scope.${item.scope}`)}</Badge>
                </div>
              </TableCell>
              <TableCell>
                <OutcomeBadge outcome={item.outcome} />
                {showCounts && item.scope === "record" && (
                  <div className="text-muted-foreground mt-1 text-xs whitespace-normal">
                    {OUTCOMES.filter((o) => item.counts[o] > 0)
                      .map((o) => t("filing-ui.report.countOf", { outcome: t(`archive.check.outcome.${o}`), count: item.counts[o] }))
                      .join(" · ")}
                  </div>
                )}
              </TableCell>
              <TableCell className="text-sm whitespace-normal">
                {item.scope === "batch" || item.uniform ? (
                  distinct.map((r, i) => (
                    <p key={i}>{detail(r.detail)}</p>
                  ))
                ) : (
                  <ul className="grid gap-1">
                    {notPassed.slice(0, SHOWN_PER_ITEM).map((r, i) => (
                      <li key={i}>
                        {r.recordId && (
                          <Link href={`/filing/check-runs/${runId}?record=${r.recordId}`} className="text-primary mr-1.5 font-mono text-xs hover:underline">
                            {labels.get(r.recordId) ?? r.recordId.slice(0, 8)}
                          </Link>
                        )}
                        {detail(r.detail)}
                      </li>
                    ))}
                    {notPassedCount > SHOWN_PER_ITEM && <li className="text-muted-foreground text-xs">{t("filing-ui.report.more", { count: notPassedCount - SHOWN_PER_ITEM })}</li>}
                    {notPassedCount === 0 && <li className="text-muted-foreground">{t("filing-ui.report.allPassed")}</li>}
                  </ul>
                )}
                {manualSlot?.(item)}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
