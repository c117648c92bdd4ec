"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { fetchHistory, importKeys } from "./api";
import { ImportStateBadge } from "./import-state-badge";

/** The connector's imports, newest first; opening one shows its result above. */
export function ImportHistory({ connectorId, onOpen, openId }: { connectorId: string; onOpen: (id: string) => void; openId: string | null }) {
  const t = useTranslations("imports-ui");
  const format = useFormatter();
  const query = useQuery({ queryKey: importKeys.history(connectorId), queryFn: () => fetchHistory(connectorId), staleTime: 5_000 });
  if (query.isPending) return <p className="text-muted-foreground px-5 py-8 text-center text-sm">{t("history.loading")}</p>;
  if (query.isError) return <p className="text-destructive px-5 py-8 text-center text-sm">{t("history.error")}</p>;
  if (query.data.length === 0)
    return (
      <div className="text-muted-foreground px-5 py-10 text-center text-sm">
        <p className="text-foreground font-medium">{t("history.empty")}</p>
        <p className="mt-1">{t("history.emptyHint")}</p>
      </div>
    );
  return (
    <Table aria-label={t("history.title")}>
      <TableHeader>
        <TableRow>
          <TableHead>{t("history.time")}</TableHead>
          <TableHead>{t("history.file")}</TableHead>
          <TableHead>{t("history.state")}</TableHead>
          <TableHead className="text-right">{t("counts.vouchers")}</TableHead>
          <TableHead className="text-right">{t("counts.created")}</TableHead>
          <TableHead className="text-right">{t("counts.updated")}</TableHead>
          <TableHead className="text-right">{t("counts.unchanged")}</TableHead>
          <TableHead className="text-right">{t("counts.rejected")}</TableHead>
          <TableHead className="text-right">{t("counts.conflicts")}</TableHead>
          <TableHead className="text-right">{t("history.actions")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {query.data.map((i) => (
          <TableRow key={i.id} data-state={i.id === openId ? "selected" : undefined}>
            <TableCell className="text-xs whitespace-nowrap tabular-nums">{format.dateTime(new Date(i.createdAt), { dateStyle: "medium", timeStyle: "short" })}</TableCell>
            <TableCell className="max-w-48 truncate" title={i.fileName}>
              {i.fileName}
            </TableCell>
            <TableCell>
              <ImportStateBadge state={i.state} label={t(`states.${i.state}`)} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{format.number(i.counts.vouchers)}</TableCell>
            <TableCell className="text-right tabular-nums">{format.number(i.counts.created)}</TableCell>
            <TableCell className="text-right tabular-nums">{format.number(i.counts.updated)}</TableCell>
            <TableCell className="text-right tabular-nums">{format.number(i.counts.unchanged)}</TableCell>
            <TableCell className={`text-right tabular-nums ${i.counts.rejected > 0 ? "text-destructive" : ""}`}>{format.number(i.counts.rejected)}</TableCell>
            {/* Every voucher lands in one of the five columns, so a row adds up to its voucher count. */}
            <TableCell className={`text-right tabular-nums ${i.counts.conflicts > 0 ? "text-amber-700" : ""}`}>{format.number(i.counts.conflicts)}</TableCell>
            <TableCell className="text-right">
              <Button size="sm" variant="ghost" onClick={() => onOpen(i.id)} aria-label={t("history.openLabel", { file: i.fileName })}>
                {t("history.open")}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
