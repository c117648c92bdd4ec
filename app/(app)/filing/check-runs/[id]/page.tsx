import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { z } from "zod";
import { ArrowLeftIcon, FileSpreadsheetIcon, FileTextIcon } from "lucide-react";
import { requireServiceContext } from "@/app/_server/context";
import { recordManualCheckAction } from "@/app/(app)/filing/actions";
import { CheckItemTable } from "@/components/filing/check-item-table";
import { ManualCheckForm } from "@/components/filing/manual-check-form";
import { OutcomeBadge } from "@/components/filing/outcome-badge";
import { itemLabel } from "@/components/filing/item-label";
import { PageLinks } from "@/components/page-links";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { OUTCOMES } from "@/lib/archive/checks/types";
import { can } from "@/lib/auth/permissions";
import { getCheckReport } from "@/lib/filing/queries/get-check-report";

export async function generateMetadata() {
  const t = await getTranslations("filing-ui.report");
  return { title: t("title") };
}

const Search = z.object({ record: z.uuid().optional().catch(undefined), page: z.string().optional().catch(undefined) });

export default async function CheckReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireServiceContext();
  const [{ id }, search] = await Promise.all([params, searchParams.then((s) => Search.parse(s))]);
  const result = await getCheckReport(ctx, { runId: id, page: search.page, record: search.record });
  // Runs of fonds the reader may not see are "not found", as the service answers.
  if (!result.ok) notFound();
  const report = result.value;
  const [t, format] = await Promise.all([getTranslations("filing-ui.report"), getFormatter()]);
  const labels = new Map(report.named.map((r) => [r.id, itemLabel({ voucherWord: r.voucherWord, voucherNo: r.voucherNo ?? "", title: r.title })]));
  const focus = report.focus?.record;
  const { page, pages, from, to, records } = report.page;
  // Opening a record keeps the list on its page; paging closes the record.
  const pageQuery = page > 1 ? `&page=${page}` : "";
  const scope = report.run.scope;
  const scopeText = "volumeIds" in scope ? t("scopeVolumes", { count: scope.volumeIds.length }) : scope.period ? t("scopeMonth", { year: scope.fiscalYear, month: scope.period }) : t("scopeYear", { year: scope.fiscalYear });
  const mayRecord = can(ctx.actor, "filing.submit", report.run.fondsId) && report.filing === null;
  type Item = (typeof report.properties)[number]["items"][number];
  // Manual items still waiting for a person: batch items on the whole report, record items per record.
  const manualSlot = (recordId?: string) =>
    mayRecord
      ? (item: Item) =>
          item.mode === "manual" && item.scope === (recordId ? "record" : "batch") && item.shown.some((r) => r.outcome === "not_performed" && r.recordId === (recordId ?? null)) ? (
            <ManualCheckForm runId={report.run.id} code={item.code} recordId={recordId} subject={`${item.code}${recordId ? ` ${labels.get(recordId) ?? ""}` : ""}`} action={recordManualCheckAction} />
          ) : null
      : undefined;

  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-2">
          {can(ctx.actor, "filing.submit", report.run.fondsId) && (
            <Button asChild variant="ghost" size="sm" className="w-fit">
              <Link href={"fiscalYear" in scope && scope.period ? `/filing?year=${scope.fiscalYear}&month=${scope.period}` : "/filing"}>
                <ArrowLeftIcon aria-hidden />
                {t("back")}
              </Link>
            </Button>
          )}
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-muted-foreground text-sm">
            {t("meta", {
              scope: scopeText,
              at: format.dateTime(report.run.startedAt, { dateStyle: "long", timeStyle: "short" }),
              by: report.run.createdBy ?? t("system"),
              records: report.recordCount,
            })}
          </p>
          <div className="flex flex-wrap gap-1.5" aria-label={t("totals")}>
            {OUTCOMES.filter((o) => report.totals[o] > 0).map((o) => (
              <OutcomeBadge key={o} outcome={o} count={report.totals[o]} />
            ))}
          </div>
        </div>
        <div className="flex gap-2">
          <Button asChild variant="outline">
            <a href={`/api/check-runs/${report.run.id}/report.xlsx`} download>
              <FileSpreadsheetIcon aria-hidden />
              {t("downloadXlsx")}
            </a>
          </Button>
          <Button asChild variant="outline">
            <a href={`/api/check-runs/${report.run.id}/report.pdf`} download>
              <FileTextIcon aria-hidden />
              {t("downloadPdf")}
            </a>
          </Button>
        </div>
      </div>

      {focus && (
        <Card className="border-primary/40">
          <CardHeader>
            <CardTitle>
              <h2>{t("focusTitle", { record: labels.get(focus.id) ?? "" })}</h2>
            </CardTitle>
            <CardDescription>{focus.title}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-6">
            {report.focus!.properties.map((p) => (
              <section key={p.property} aria-label={t(`propertyHeading.${p.property}`)}>
                <h3 className="mb-2 text-sm font-medium">{t(`propertyHeading.${p.property}`)}</h3>
                <CheckItemTable items={p.items} labels={labels} runId={report.run.id} manualSlot={manualSlot(focus.id)} showCounts={false} />
              </section>
            ))}
            <Button asChild variant="outline" className="w-fit">
              <Link href={`/filing/check-runs/${report.run.id}`}>{t("closeFocus")}</Link>
            </Button>
          </CardContent>
        </Card>
      )}

      {!focus &&
        report.properties.map((p) => (
          <Card key={p.property}>
            <CardHeader>
              <CardTitle>
                <h2>{t(`propertyHeading.${p.property}`)}</h2>
              </CardTitle>
              <CardDescription className="flex flex-wrap items-center gap-1.5">
                {t("itemCount", { count: p.items.length })}
                {OUTCOMES.filter((o) => p.counts[o] > 0).map((o) => (
                  <OutcomeBadge key={o} outcome={o} count={p.counts[o]} />
                ))}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <CheckItemTable items={p.items} labels={labels} runId={report.run.id} manualSlot={manualSlot()} />
            </CardContent>
          </Card>
        ))}

      <Card id="records" className="scroll-mt-20">
        <CardHeader>
          <CardTitle>
            <h2>{t("recordsTitle")}</h2>
          </CardTitle>
          <CardDescription>{t("recordsHint")}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("record")}</TableHead>
                <TableHead>{t("recordTitle")}</TableHead>
                <TableHead>{t("outcome")}</TableHead>
                <TableHead>{t("counts")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {records.map((r) => (
                <TableRow key={r.id} data-state={r.id === focus?.id ? "selected" : undefined}>
                  <TableCell>
                    <Link href={`/filing/check-runs/${report.run.id}?record=${r.id}${pageQuery}`} className="text-primary font-mono hover:underline">
                      {labels.get(r.id)}
                    </Link>
                  </TableCell>
                  <TableCell className="max-w-[24rem] truncate">{r.title}</TableCell>
                  <TableCell>
                    <OutcomeBadge outcome={r.outcome} />
                  </TableCell>
                  <TableCell className="text-muted-foreground text-xs">
                    {OUTCOMES.filter((o) => r.counts[o] > 0 && o !== "not_applicable").map((o) => `${t(`short.${o}`)} ${r.counts[o]}`).join(" · ")}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <PageLinks page={page} pages={pages} from={from} to={to} count={report.recordCount} href={(n) => `/filing/check-runs/${report.run.id}?page=${n}#records`} />
        </CardContent>
      </Card>
    </div>
  );
}
