import { useTranslations } from "next-intl";
import { ArchivalCode } from "@/components/archival-code";
import { PageLinks } from "@/components/page-links";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDecimal } from "@/lib/decimal";
import type { FilingSubject } from "@/lib/approvals/queries/get-filing-subject";

const money = (v: string | null) => (v === null ? "—" : `¥${formatDecimal(v, 2, { grouping: true })}`);

/**
 * The records a filing request would archive, a page at a time, with the exact total of all of them. Where
 * the table has less than 48rem (an OA approval pane of 400px, or beside the decision panel on a tablet)
 * voucher, date and archival code move under the summary, so the amount fits without scrolling. The pages
 * are links, so they work in an OA's frame without script and come back to the table (#records); the
 * subject holds only the page asked for.
 */
export function FilingRecordsTable({ subject }: { subject: FilingSubject }) {
  const t = useTranslations("approvals-ui.subject");
  const { page, pages, from, to } = subject.page;
  return (
    <div id="records" className="@container grid scroll-mt-20 gap-3">
      <Table aria-label={t("records")}>
        <TableHeader>
          <TableRow>
            <TableHead className="hidden @3xl:table-cell">{t("voucherNo")}</TableHead>
            <TableHead className="hidden @3xl:table-cell">{t("date")}</TableHead>
            <TableHead>{t("summary")}</TableHead>
            <TableHead className="text-right">{t("amount")}</TableHead>
            <TableHead className="hidden @3xl:table-cell">{t("archivalCode")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {subject.records.map((r) => {
            const voucher = r.voucherWord ? `${r.voucherWord}-${r.voucherNo}` : "—";
            return (
              <TableRow key={r.id}>
                <TableCell className="hidden font-mono whitespace-nowrap @3xl:table-cell">{voucher}</TableCell>
                <TableCell className="hidden whitespace-nowrap tabular-nums @3xl:table-cell">{r.voucherDate ?? "—"}</TableCell>
                {/* Beside the decision panel the card is about 800px wide: a long summary gives way so the amount stays in view.
                    Narrow, the cell takes what the amount leaves (max-w-0 w-full) and truncates within it. */}
                <TableCell className="w-full max-w-0 @3xl:w-auto @3xl:max-w-72 @4xl:max-w-sm">
                  <div className="truncate" title={r.summary ?? r.title}>
                    {r.summary ?? r.title}
                  </div>
                  <div className="text-muted-foreground flex flex-wrap gap-x-2 text-xs @3xl:hidden">
                    <span className="font-mono">{voucher}</span>
                    <span className="tabular-nums">{r.voucherDate ?? "—"}</span>
                  </div>
                  {r.archivalCode && (
                    <div className="text-muted-foreground @3xl:hidden">
                      <ArchivalCode code={r.archivalCode} />
                    </div>
                  )}
                </TableCell>
                <TableCell className="text-right align-top font-mono tabular-nums @3xl:align-middle">{money(r.amount)}</TableCell>
                <TableCell className="hidden min-w-28 @3xl:table-cell">{r.archivalCode ? <ArchivalCode code={r.archivalCode} /> : "—"}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
        <tfoot className="bg-muted/50 border-t">
          <TableRow>
            {/* A colSpan does not follow the hidden columns, so each width has its own label cell. */}
            <TableCell colSpan={3} className="hidden font-medium @3xl:table-cell">
              {t("totalLabel", { count: subject.recordCount })}
            </TableCell>
            <TableCell className="font-medium whitespace-normal @3xl:hidden">{t("totalLabel", { count: subject.recordCount })}</TableCell>
            <TableCell className="text-right font-mono font-semibold tabular-nums">{money(subject.total)}</TableCell>
            <TableCell className="hidden @3xl:table-cell" />
          </TableRow>
        </tfoot>
      </Table>
      <PageLinks page={page} pages={pages} from={from} to={to} count={subject.recordCount} href={(n) => `?page=${n}#records`} />
    </div>
  );
}
