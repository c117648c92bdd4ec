import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ArrowRightIcon } from "lucide-react";
import { ImportStateBadge } from "@/components/imports/import-state-badge";
import { Card, CardAction, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ImportSummary } from "@/lib/erp/import/list-imports";
import { importResultPath } from "@/lib/erp/import/result-path";

/**
 * What came in from the ERP lately, on the workbench: imports run in the background, so this is where the
 * archivist notices the one that finished with vouchers to correct in the ERP, and opens its problem list.
 */
export async function RecentImports({ imports }: { imports: ImportSummary[] }) {
  const [t, format] = await Promise.all([getTranslations(), getFormatter()]);
  return (
    <Card className="gap-0 pb-0">
      <CardHeader className="pb-4">
        <CardTitle>{t("home.recentImports.title")}</CardTitle>
        <CardDescription>{t("home.recentImports.description")}</CardDescription>
        <CardAction>
          <Link href="/imports" className="text-primary inline-flex items-center gap-1 text-sm font-medium hover:underline">
            {t("home.recentImports.all")}
            <ArrowRightIcon className="size-4" aria-hidden />
          </Link>
        </CardAction>
      </CardHeader>
      <div className="border-t">
        {imports.length === 0 ? (
          <p className="text-muted-foreground px-6 py-8 text-center text-sm">{t("home.recentImports.empty")}</p>
        ) : (
          <Table aria-label={t("home.recentImports.title")}>
            <TableHeader>
              <TableRow>
                <TableHead className="pl-6">{t("imports-ui.history.time")}</TableHead>
                <TableHead>{t("imports-ui.history.file")}</TableHead>
                <TableHead className="hidden xl:table-cell">{t("home.recentImports.connector")}</TableHead>
                <TableHead>{t("imports-ui.history.state")}</TableHead>
                <TableHead className="text-right">{t("imports-ui.counts.vouchers")}</TableHead>
                <TableHead className="hidden text-right xl:table-cell">{t("imports-ui.counts.created")}</TableHead>
                <TableHead className="text-right">{t("imports-ui.counts.rejected")}</TableHead>
                <TableHead className="pr-6 text-right">{t("imports-ui.counts.conflicts")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {imports.map((i) => (
                <TableRow key={i.id}>
                  <TableCell className="pl-6 text-xs whitespace-nowrap tabular-nums">{format.dateTime(i.createdAt, { dateStyle: "medium", timeStyle: "short" })}</TableCell>
                  <TableCell className="max-w-48 truncate xl:max-w-72">
                    <Link href={importResultPath(i.connectorId, i.id)} className="font-medium hover:underline" title={i.fileName}>
                      {i.fileName}
                    </Link>
                  </TableCell>
                  <TableCell className="text-muted-foreground hidden max-w-48 truncate xl:table-cell">{i.connectorName}</TableCell>
                  <TableCell>
                    <ImportStateBadge state={i.state} label={t(`imports-ui.states.${i.state}`)} />
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{format.number(i.counts.vouchers)}</TableCell>
                  <TableCell className="hidden text-right tabular-nums xl:table-cell">{format.number(i.counts.created)}</TableCell>
                  <TableCell className={`text-right tabular-nums ${i.counts.rejected > 0 ? "text-destructive font-medium" : ""}`}>{format.number(i.counts.rejected)}</TableCell>
                  <TableCell className={`pr-6 text-right tabular-nums ${i.counts.conflicts > 0 ? "font-medium text-amber-700" : ""}`}>{format.number(i.counts.conflicts)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
    </Card>
  );
}
