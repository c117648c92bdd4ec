import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDecimal } from "@/lib/decimal";
import type { FilingPeriod } from "@/lib/filing/queries/get-filing-period";
import { itemLabel } from "./item-label";

const STATE_VARIANT = { collected: "secondary", filing: "warning", archived: "success" } as const;
const CHECK_VARIANT = { none: "outline", passed: "success", warning: "warning", failed: "destructive" } as const;

/** The month's records with their state, check status and, once archived, their archival code. */
export function PeriodRecordsTable({ period }: { period: FilingPeriod }) {
  const t = useTranslations("filing-ui.records");
  const tc = useTranslations("common.states");
  const volumes = new Map(period.volumes.map((v) => [v.id, v]));
  if (period.records.length === 0) return <p className="text-muted-foreground rounded-lg border border-dashed p-6 text-center text-sm">{t("empty")}</p>;
  return (
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
        {period.records.map((r) => {
          const volume = r.volumeId ? volumes.get(r.volumeId) : undefined;
          return (
            <TableRow key={r.id}>
              <TableCell className="font-mono whitespace-nowrap">{itemLabel(r)}</TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">{r.voucherDate ?? r.docDate ?? "—"}</TableCell>
              {/* At 1280px the month's table must hold its archival codes too: summaries truncate, codes wrap. */}
              <TableCell className="max-w-44 truncate 2xl:max-w-[18rem]" title={r.summary ?? r.title}>
                {r.summary ?? r.title}
              </TableCell>
              <TableCell className="text-right font-mono tabular-nums">{r.amount ? formatDecimal(r.amount, 2, { grouping: true }) : "—"}</TableCell>
              <TableCell className="text-muted-foreground max-w-36 truncate text-xs 2xl:max-w-[12rem]">{volume?.title ?? t("noVolume")}</TableCell>
              <TableCell>
                <Badge variant={STATE_VARIANT[r.state as keyof typeof STATE_VARIANT] ?? "outline"}>{tc(r.state)}</Badge>
              </TableCell>
              <TableCell>
                <Badge variant={CHECK_VARIANT[r.checkStatus]}>{t(`checkStatus.${r.checkStatus}`)}</Badge>
              </TableCell>
              <TableCell className="min-w-28 font-mono text-xs whitespace-normal [overflow-wrap:anywhere]">{r.archivalCode ?? "—"}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
