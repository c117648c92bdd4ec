import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ArrowLeftIcon, LinkIcon } from "lucide-react";
import { requireServiceContext } from "@/app/_server/context";
import { checkDetailText } from "@/components/filing/check-detail";
import { InvoiceCard, invoiceOf } from "@/components/records/invoice-card";
import { type FileEntry, RecordFiles } from "@/components/records/record-files";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { PeriodKind } from "@/lib/archive/periods/periods";
import { formatDecimal } from "@/lib/decimal";
import { periodLabelValues, periodParams } from "@/lib/records/period-label";
import { viewRecord } from "@/lib/records/view-record";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("records-ui"))("view.title") };
}

/** The browse page's node of the record's volume: its year, category, period (of its kind) and the volume. */
function volumeQuery(r: { fondsId: string; fiscalYear: number; category: string; periodKind: PeriodKind | null; period: number | null }, volumeId: string) {
  const period = periodParams(r.periodKind, r.period);
  return new URLSearchParams({ fondsId: r.fondsId, fiscalYear: String(r.fiscalYear), category: r.category, ...Object.fromEntries(Object.entries(period).map(([k, v]) => [k, String(v)])), volumeId }).toString();
}

const money = (v: string | null | undefined) => (v ? formatDecimal(v, 2, { grouping: true }) : "—");

export default async function RecordPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireServiceContext();
  const { id } = await params;
  const result = await viewRecord(ctx, { id });
  if (!result.ok) {
    if (result.error.code === "auth.forbidden") forbidden();
    notFound();
  }
  const r = result.value;
  const [t, tc, root, format, locale] = await Promise.all([getTranslations("records-ui"), getTranslations("common"), getTranslations(), getFormatter(), getLocale()]);
  const v = r.voucher;
  const ownFiles: FileEntry[] = r.files.map((f) => ({ recordId: r.id, id: f.id, fileName: f.fileName, mediaType: f.mediaType, size: f.size }));
  const ownInvoice = invoiceOf(r.document?.data);
  const balanced = r.totals ? r.totals.debit === r.totals.credit : true;
  // A Q3 report reads 2023年第3季度, not 2023年3月 as its period alone would say.
  const label = t("periodLabel", periodLabelValues(r.periodKind, r.period));
  const periodText = r.periodKind === null ? String(r.fiscalYear) : t("view.periodValue", { year: r.fiscalYear, ...periodLabelValues(r.periodKind, r.period), label });
  const facts: [string, React.ReactNode][] = [
    [t("columns.archivalCode"), r.archivalCode ? <span className="font-mono">{r.archivalCode}</span> : t("notFiled")],
    ...(v ? ([[t("columns.voucherNo"), `${v.voucherWord}-${v.voucherNo}`]] as [string, React.ReactNode][]) : []),
    [t("columns.docDate"), r.docDate ?? "—"],
    [t("view.period"), periodText],
    [t("view.category"), tc(`categories.${r.category}`)],
    [t("columns.amount"), r.amount ? `¥${money(r.amount)}` : "—"],
    [t("view.retention"), tc(`retention.${r.retention}`)],
    [t("columns.expiry"), r.retentionExpiresOn ?? t("view.expiryAtFiling")],
    [
      t("view.volume"),
      r.volume ? (
        <Link href={`/records?${volumeQuery(r, r.volume.id)}`} className="hover:underline">
          {r.volume.title}
        </Link>
      ) : (
        t("view.noVolume")
      ),
    ],
    ...(v
      ? ([
          [t("view.people"), [v.preparer, v.reviewer, v.poster].map((p) => p ?? "—").join(" / ")],
          [t("columns.attachments"), String(v.attachmentCount ?? 0)],
        ] as [string, React.ReactNode][])
      : []),
  ];

  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <div>
        <Link href="/records" className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-sm">
          <ArrowLeftIcon className="size-4" aria-hidden />
          {t("title")}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{r.title}</h1>
          <Badge variant={r.state === "archived" ? "success" : r.state === "filing" ? "warning" : "secondary"}>{tc(`states.${r.state}`)}</Badge>
          <Badge variant={r.checkStatus === "failed" ? "destructive" : r.checkStatus === "passed" ? "success" : r.checkStatus === "warning" ? "warning" : "outline"}>
            {t(`checkStatus.${r.checkStatus}`)}
          </Badge>
        </div>
      </div>

      <Card>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt className="text-muted-foreground text-xs">{label}</dt>
                <dd className="mt-0.5">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      {v && r.totals && (
        <Card>
          <CardHeader>
            <CardTitle>{t("view.lines")}</CardTitle>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead className="w-12">{t("view.seq")}</TableHead>
                  <TableHead>{t("columns.title")}</TableHead>
                  <TableHead>{t("view.account")}</TableHead>
                  <TableHead className="hidden lg:table-cell">{t("view.dimensions")}</TableHead>
                  <TableHead className="text-right">{t("view.debit")}</TableHead>
                  <TableHead className="text-right">{t("view.credit")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {v.lines.map((l) => {
                  const dimensions = Object.values(l.dimensions).join(" · ");
                  return (
                    <TableRow key={l.id}>
                      <TableCell className="tabular-nums">{l.seq}</TableCell>
                      {/* Text columns wrap so the amounts stay in view: a claim's summary and its dimensions are long. */}
                      <TableCell className="min-w-40 whitespace-normal">{l.summary}</TableCell>
                      <TableCell className="min-w-36 whitespace-normal">
                        <span className="font-mono text-xs">{l.accountCode}</span> {l.accountName}
                        {/* Below lg the dimensions fold under the account, so debit and credit stay in view on a tablet. */}
                        {dimensions && <div className="text-muted-foreground text-xs lg:hidden">{dimensions}</div>}
                      </TableCell>
                      <TableCell className="text-muted-foreground hidden min-w-32 text-xs whitespace-normal lg:table-cell">{dimensions || "—"}</TableCell>
                      <TableCell className="text-right tabular-nums">{l.debit === "0" || l.debit === "0.00" ? "" : money(l.debit)}</TableCell>
                      <TableCell className="text-right tabular-nums">{l.credit === "0" || l.credit === "0.00" ? "" : money(l.credit)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
              <tfoot className="bg-muted/50 border-t">
                <TableRow>
                  <TableCell colSpan={3} className="font-medium">
                    {t("view.totals")}
                    {!balanced && <span className="text-destructive ml-2 text-xs">{t("view.unbalanced")}</span>}
                  </TableCell>
                  <TableCell className="hidden lg:table-cell" />
                  <TableCell className="text-right font-semibold tabular-nums" data-testid="debit-total">
                    {money(r.totals.debit)}
                  </TableCell>
                  <TableCell className="text-right font-semibold tabular-nums" data-testid="credit-total">
                    {money(r.totals.credit)}
                  </TableCell>
                </TableRow>
              </tfoot>
            </Table>
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>{t("view.documents")}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5">
          {ownInvoice && <InvoiceCard invoice={ownInvoice} />}
          {ownFiles.length > 0 && <RecordFiles files={ownFiles} />}
          {r.links.map((l) => {
            const invoice = invoiceOf(l.document?.data);
            return (
              <div key={`${l.id}-${l.linkType}`} className="grid gap-3 border-t pt-4 first:border-t-0 first:pt-0">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <LinkIcon className="text-muted-foreground size-4" aria-hidden />
                  <Badge variant="outline">{t(`links.${l.direction}.${l.linkType}`)}</Badge>
                  <Link href={`/records/${l.id}`} className="font-medium hover:underline">
                    {l.title}
                  </Link>
                  <span className="text-muted-foreground text-xs">
                    {[l.document?.documentNo, l.docDate, l.amount ? `¥${money(l.amount)}` : null].filter(Boolean).join(" · ")}
                  </span>
                </div>
                {invoice && <InvoiceCard invoice={invoice} />}
                {l.files.length > 0 && <RecordFiles files={l.files.map((f) => ({ ...f, recordId: l.id }))} />}
              </div>
            );
          })}
          {r.links.length === 0 && ownFiles.length === 0 && !ownInvoice && <p className="text-muted-foreground text-sm">{t("view.noDocuments")}</p>}
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("view.checks")}</CardTitle>
          </CardHeader>
          <CardContent>
            {r.checks.length === 0 ? (
              <p className="text-muted-foreground text-sm">{t("view.noChecks")}</p>
            ) : (
              <div className="grid gap-3" data-testid="record-checks">
                <ul className="grid gap-1.5 text-sm">
                  {r.checks.map((c) => (
                    <li key={c.code} className="grid grid-cols-[4rem_2.5rem_1fr] items-baseline gap-x-2 gap-y-0.5">
                      <Badge variant={c.outcome === "pass" ? "success" : c.outcome === "fail" ? "destructive" : c.outcome === "warning" ? "warning" : "outline"} className="w-16">
                        {t(`checkOutcome.${c.outcome}`)}
                      </Badge>
                      <span className="font-mono text-xs">{c.code}</span>
                      <span>
                        {root(`archive.check.title.${c.code}`)}
                        <span className="text-muted-foreground ml-1.5 text-xs">{t(`properties.${c.property}`)}</span>
                      </span>
                      {/* What did not pass says why, so the reader need not open the report to act. */}
                      {(c.outcome === "fail" || c.outcome === "warning" || c.outcome === "not_performed") && (
                        <p className="text-muted-foreground col-start-3 text-xs">{checkDetailText(root, locale, (at) => format.dateTime(at, { dateStyle: "medium", timeStyle: "short" }), c.detail)}</p>
                      )}
                    </li>
                  ))}
                </ul>
                <Link href={`/filing/check-runs/${r.checks[0]!.runId}?record=${r.id}`} className="text-primary w-fit text-sm hover:underline">
                  {t("view.checkReport")}
                </Link>
              </div>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("view.history")}</CardTitle>
          </CardHeader>
          <CardContent>
            <ol className="grid gap-2 text-sm" data-testid="record-history">
              {r.history.map((h) => (
                <li key={h.id} className="flex flex-wrap items-baseline gap-x-2">
                  <time className="text-muted-foreground text-xs tabular-nums" dateTime={h.occurredAt.toISOString()}>
                    {format.dateTime(h.occurredAt, { dateStyle: "medium", timeStyle: "short" })}
                  </time>
                  <span>{h.actorName ?? t("view.system")}</span>
                  <span className="font-medium">{t.has(`actions.${h.action}`) ? t(`actions.${h.action}`) : h.action}</span>
                </li>
              ))}
            </ol>
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
