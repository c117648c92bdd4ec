import { useTranslations } from "next-intl";
import { ArchivalCode } from "@/components/archival-code";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDecimal } from "@/lib/decimal";
import type { FilingSubject } from "@/lib/approvals/queries/get-filing-subject";

const money = (v: string | null) => (v === null ? "—" : `¥${formatDecimal(v, 2, { grouping: true })}`);

/** The records a filing request would archive, with their exact total. */
export function FilingRecordsTable({ subject }: { subject: FilingSubject }) {
  const t = useTranslations("approvals-ui.subject");
  return (
    <Table aria-label={t("records")}>
      <TableHeader>
        <TableRow>
          <TableHead>{t("voucherNo")}</TableHead>
          <TableHead>{t("date")}</TableHead>
          <TableHead>{t("summary")}</TableHead>
          <TableHead className="text-right">{t("amount")}</TableHead>
          <TableHead>{t("archivalCode")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {subject.records.map((r) => (
          <TableRow key={r.id}>
            <TableCell className="font-mono whitespace-nowrap">{r.voucherWord ? `${r.voucherWord}-${r.voucherNo}` : "—"}</TableCell>
            <TableCell className="whitespace-nowrap tabular-nums">{r.voucherDate ?? "—"}</TableCell>
            {/* Beside the decision panel (2xl) the card is about 800px wide: a long summary gives way so the amount stays in view. */}
            <TableCell className="max-w-72 truncate 2xl:max-w-sm" title={r.summary ?? r.title}>
              {r.summary ?? r.title}
            </TableCell>
            <TableCell className="text-right font-mono tabular-nums">{money(r.amount)}</TableCell>
            <TableCell className="min-w-28">{r.archivalCode ? <ArchivalCode code={r.archivalCode} /> : "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
      <tfoot className="bg-muted/50 border-t">
        <TableRow>
          <TableCell colSpan={3} className="font-medium">
            {t("totalLabel", { count: subject.records.length })}
          </TableCell>
          <TableCell className="text-right font-mono font-semibold tabular-nums">{money(subject.total)}</TableCell>
          <TableCell />
        </TableRow>
      </tfoot>
    </Table>
  );
}
