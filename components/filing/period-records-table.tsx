"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ArchivalCode } from "@/components/archival-code";
import { CHECK_STATUS_VARIANT, RECORD_STATE_VARIANT } from "@/components/records/status-variants";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDecimal } from "@/lib/decimal";
import type { FilingPeriod } from "@/lib/filing/queries/get-filing-period";
import { cn } from "@/lib/utils";
import { itemLabel } from "./item-label";

type Item = FilingPeriod["records"][number];

const PAGE_SIZE = 50;

// What the archivist looks for in a month of thousands: what failed, what warns, what is not checked yet, what is filed.
const FILTERS = {
  all: () => true,
  failed: (r: Item) => r.checkStatus === "failed",
  warning: (r: Item) => r.checkStatus === "warning",
  unchecked: (r: Item) => r.checkStatus === "none",
  archived: (r: Item) => r.state === "archived",
} as const;
type Filter = keyof typeof FILTERS;

/** The month's records with their state, check status and, once archived, their archival code; filtered and paged in the browser. */
export function PeriodRecordsTable({ records, volumeTitles }: { records: Item[]; volumeTitles: Record<string, string> }) {
  const t = useTranslations("filing-ui.records");
  const tc = useTranslations("common.states");
  const [filter, setFilter] = useState<Filter>("all");
  const [page, setPage] = useState(0);
  if (records.length === 0) return <p className="text-muted-foreground rounded-lg border border-dashed p-6 text-center text-sm">{t("empty")}</p>;
  const counts = Object.fromEntries(Object.entries(FILTERS).map(([key, keep]) => [key, records.filter(keep).length])) as Record<Filter, number>;
  const shown = records.filter(FILTERS[filter]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const slice = shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const choose = (f: Filter) => {
    setFilter(f);
    setPage(0);
  };
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap gap-2" role="group" aria-label={t("filter.label")}>
        {(Object.keys(FILTERS) as Filter[])
          .filter((f) => f === "all" || counts[f] > 0)
          .map((f) => (
            <Button key={f} type="button" size="sm" variant={f === filter ? "default" : "outline"} aria-pressed={f === filter} onClick={() => choose(f)}>
              {t(`filter.${f}`)}
              <span className={cn("tabular-nums", f === filter ? "opacity-80" : "text-muted-foreground")}>{counts[f]}</span>
            </Button>
          ))}
      </div>
      <Table aria-label={t("title")}>
        <TableHeader>
          <TableRow>
            <TableHead>{t("voucherNo")}</TableHead>
            <TableHead>{t("date")}</TableHead>
            <TableHead>{t("summary")}</TableHead>
            <TableHead className="text-right">{t("amount")}</TableHead>
            <TableHead>{t("volume")}</TableHead>
            <TableHead>{t("state")}</TableHead>
            <TableHead>{t("checks")}</TableHead>
            <TableHead>{t("archivalCode")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {slice.map((r) => (
            <TableRow key={r.id}>
              <TableCell className="font-mono whitespace-nowrap">{itemLabel(r)}</TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">{r.voucherDate ?? r.docDate ?? "—"}</TableCell>
              {/* At 1280px the month's table must hold its archival codes too: summaries truncate, codes wrap. */}
              <TableCell className="max-w-44 truncate 2xl:max-w-[18rem]" title={r.summary ?? r.title}>
                {r.summary ?? r.title}
              </TableCell>
              <TableCell className="text-right font-mono tabular-nums">{r.amount ? formatDecimal(r.amount, 2, { grouping: true }) : "—"}</TableCell>
              <TableCell className="text-muted-foreground max-w-36 truncate text-xs 2xl:max-w-[12rem]">{(r.volumeId && volumeTitles[r.volumeId]) || t("noVolume")}</TableCell>
              <TableCell>
                <Badge variant={RECORD_STATE_VARIANT[r.state] ?? "outline"}>{tc(r.state)}</Badge>
              </TableCell>
              <TableCell>
                <Badge variant={CHECK_STATUS_VARIANT[r.checkStatus] ?? "outline"}>{t(`checkStatus.${r.checkStatus}`)}</Badge>
              </TableCell>
              <TableCell className="min-w-28 whitespace-normal">{r.archivalCode ? <ArchivalCode code={r.archivalCode} /> : "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {pages > 1 && (
        <nav className="flex flex-wrap items-center justify-end gap-2" aria-label={t("pages")}>
          <span className="text-muted-foreground text-sm tabular-nums">
            {t("range", { from: current * PAGE_SIZE + 1, to: current * PAGE_SIZE + slice.length, total: shown.length })}
          </span>
          <Button type="button" variant="outline" size="sm" disabled={current === 0} onClick={() => setPage(current - 1)}>
            {t("previous")}
          </Button>
          <Button type="button" variant="outline" size="sm" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            {t("next")}
          </Button>
        </nav>
      )}
    </div>
  );
}
