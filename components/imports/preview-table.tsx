"use client";

import { useTranslations } from "next-intl";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDecimal, isZeroDecimal } from "@/lib/decimal";
import type { PreviewRow } from "@/lib/erp/preview/preview-file";

const money = (v: string) => (isZeroDecimal(v) ? "" : formatDecimal(v, 2, { grouping: true }));

/** The first rows as Acta understood them: one canonical line per source row, with its voucher's identity. */
export function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  const t = useTranslations("imports-ui.preview");
  const dim = useTranslations("imports-ui.dimensions");
  return (
    <Table aria-label={t("title")}>
      <TableHeader>
        <TableRow>
          <TableHead className="w-14">{t("row")}</TableHead>
          <TableHead>{t("voucher")}</TableHead>
          <TableHead>{t("date")}</TableHead>
          <TableHead>{t("summary")}</TableHead>
          <TableHead>{t("account")}</TableHead>
          <TableHead className="text-right">{t("debit")}</TableHead>
          <TableHead className="text-right">{t("credit")}</TableHead>
          <TableHead>{t("dimensions")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={`${r.rowNo}-${r.line.seq}`}>
            <TableCell className="text-muted-foreground font-mono text-xs">{r.rowNo}</TableCell>
            <TableCell className="whitespace-nowrap">
              {r.header.voucherWord}-{r.header.voucherNo}
              <div className="text-muted-foreground text-xs">{t("period", { year: r.header.fiscalYear, period: r.header.period })}</div>
            </TableCell>
            <TableCell className="text-xs whitespace-nowrap tabular-nums">{r.header.date}</TableCell>
            <TableCell className="max-w-64">
              <div className="truncate" title={r.line.summary}>
                {r.line.summary}
              </div>
              {r.header.invoiceNumbers.length > 0 && <div className="text-muted-foreground font-mono text-[11px]">{t("invoices", { numbers: r.header.invoiceNumbers.join(t("listSeparator")) })}</div>}
            </TableCell>
            <TableCell>
              <span className="font-mono text-xs">{r.line.accountCode}</span> <span className="text-xs">{r.line.accountName}</span>
            </TableCell>
            <TableCell className="text-right font-mono text-xs tabular-nums">{money(r.line.debit)}</TableCell>
            <TableCell className="text-right font-mono text-xs tabular-nums">{money(r.line.credit)}</TableCell>
            <TableCell className="text-xs">
              {Object.entries(r.line.dimensions).map(([k, v]) => (
                <div key={k}>
                  <span className="text-muted-foreground">{t("dimensionLabel", { name: dim.has(k) ? dim(k) : k })}</span>
                  {v}
                </div>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
