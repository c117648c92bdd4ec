import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { ArchiveIcon, FolderTreeIcon, SendIcon, SettingsIcon, ShieldCheckIcon } from "lucide-react";
import { getCurrentFonds, requirePagePermission } from "@/app/_server/context";
import { CheckSummary } from "@/components/filing/check-summary";
import { ActionForm } from "@/components/filing/action-form";
import { FilingList } from "@/components/filing/filing-list";
import { HeldBackList } from "@/components/filing/held-back-list";
import { PeriodPicker } from "@/components/filing/period-picker";
import { PeriodRecordsTable } from "@/components/filing/period-records-table";
import { SectionCard } from "@/components/section-card";
import { itemLabel } from "@/components/filing/item-label";
import { VolumeBoard } from "@/components/filing/volume-board";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getCheckReport } from "@/lib/filing/queries/get-check-report";
import { getFilingPeriod } from "@/lib/filing/queries/get-filing-period";
import { nextPeriodToFile } from "@/lib/filing/queries/next-period-to-file";
import { calendarDate } from "@/lib/i18n/calendar-date";
import { moveRecordAction, proposeVolumesAction, reorderVolumeAction, runChecksAction, submitFilingAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("filing-ui");
  return { title: t("title") };
}

const Search = z.object({
  year: z.coerce.number().int().min(1900).max(9999).optional().catch(undefined),
  month: z.coerce.number().int().min(1).max(12).optional().catch(undefined),
});

/** Asia/Shanghai's previous month: what a finance department usually files next. */
function previousMonth(now: Date) {
  const [y, m] = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "numeric" }).format(now).split("-").map(Number);
  return m === 1 ? { fiscalYear: y! - 1, period: 12 } : { fiscalYear: y!, period: m! - 1 };
}

export default async function FilingWorkbenchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const fonds = await getCurrentFonds();
  const ctx = await requirePagePermission("filing.submit", fonds?.id);
  const t = await getTranslations("filing-ui");
  if (!fonds) {
    return (
      <Alert variant="warning" className="mx-auto max-w-3xl">
        <AlertTitle>{t("noFonds")}</AlertTitle>
      </Alert>
    );
  }
  const search = Search.parse(await searchParams);
  const fallback = (await nextPeriodToFile(ctx, fonds.id)) ?? previousMonth(ctx.now());
  const fiscalYear = search.year ?? fallback.fiscalYear;
  const period = search.month ?? fallback.period;
  const view = await getFilingPeriod(ctx, { fondsId: fonds.id, fiscalYear, period });
  if (!view.ok) throw new Error(`filing workbench: ${view.error.code}`);
  const data = view.value;
  const latestRun = data.checkRuns[0];
  const report = latestRun ? await getCheckReport(ctx, { runId: latestRun.id, heldBack: true }) : null;
  const hidden = { fondsId: fonds.id, fiscalYear, period };
  const collected = data.records.filter((r) => r.state === "collected");
  const counts = { collected: collected.length, filing: data.records.filter((r) => r.state === "filing").length, archived: data.records.filter((r) => r.state === "archived").length };
  const thisYear = Number(calendarDate(ctx.now()).slice(0, 4));
  const years = [...new Set([...Array.from({ length: 10 }, (_, i) => thisYear - i), fiscalYear])].sort((a, b) => b - a);

  const reportValue = report?.ok ? report.value : null;
  const preview = reportValue?.heldBack ?? null;
  const heldBackItems = preview
    ? [
        ...(preview.batchReasons.length ? [{ id: "batch", label: t("heldBack.batch", { count: preview.collected }), reasons: preview.batchReasons }] : []),
        ...preview.failed.map(({ record, reasons }) => ({ id: record.id, label: itemLabel(record), reasons })),
      ]
    : [];

  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-muted-foreground mt-1 max-w-2xl text-sm">{t("subtitle")}</p>
        </div>
        {can(ctx.actor, "rules.manage", fonds.id) && (
          <Button asChild variant="outline">
            <Link href="/filing/rules">
              <SettingsIcon aria-hidden />
              {t("rulesLink")}
            </Link>
          </Button>
        )}
      </div>

      <Card>
        <CardContent className="flex flex-wrap items-end justify-between gap-6">
          <PeriodPicker years={years} fiscalYear={fiscalYear} period={period} />
          <dl className="flex gap-6 text-sm">
            {(["collected", "filing", "archived"] as const).map((k) => (
              <div key={k}>
                <dt className="text-muted-foreground text-xs">{t(`counts.${k}`)}</dt>
                <dd className="text-xl font-semibold tabular-nums">{counts[k]}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      <h2 className="sr-only">{t("periodHeading", { year: fiscalYear, month: period })}</h2>

      <SectionCard icon={FolderTreeIcon} title={t("steps.volumes.title")} description={t("steps.volumes.body")}>
          <ActionForm
            action={proposeVolumesAction}
            hidden={hidden}
            icon={<FolderTreeIcon aria-hidden />}
            variant={data.volumes.some((v) => v.state === "open") ? "outline" : "default"}
            label={t(data.volumes.some((v) => v.state === "open") ? "steps.volumes.again" : "steps.volumes.run")}
            pendingLabel={t("steps.volumes.running")}
            disabled={collected.length === 0}
          />
          <VolumeBoard volumes={data.volumes} records={data.records} move={moveRecordAction} reorder={reorderVolumeAction} />
      </SectionCard>

      <SectionCard icon={ShieldCheckIcon} title={t("steps.checks.title")} description={t("steps.checks.body")}>
          <ActionForm action={runChecksAction} hidden={hidden} icon={<ShieldCheckIcon aria-hidden />} label={t("steps.checks.run")} pendingLabel={t("steps.checks.running")} disabled={collected.length === 0} />
          {reportValue ? (
            <>
              <CheckSummary report={reportValue} />
              <div className="grid gap-2">
                <h3 className="text-sm font-medium">{t("heldBack.preview", { count: preview!.count })}</h3>
                <HeldBackList items={heldBackItems} />
                {preview!.failedCount > preview!.failed.length && (
                  <Link href={`/filing/check-runs/${reportValue.run.id}#records`} className="text-primary text-sm hover:underline">
                    {t("heldBack.more", { count: preview!.failedCount - preview!.failed.length })}
                  </Link>
                )}
              </div>
            </>
          ) : (
            <p className="text-muted-foreground text-sm">{t("steps.checks.none")}</p>
          )}
      </SectionCard>

      <SectionCard icon={SendIcon} title={t("steps.submit.title")} description={t("steps.submit.body")}>
          <ActionForm action={submitFilingAction} hidden={hidden} icon={<SendIcon aria-hidden />} label={t("steps.submit.run")} pendingLabel={t("steps.submit.running")} disabled={collected.length === 0}>
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="overrideWarnings" className="mt-0.5 size-4 accent-[var(--primary)]" />
              <span>
                {t("steps.submit.override")}
                <span className="text-muted-foreground block text-xs">{t("steps.submit.overrideHint", { count: preview?.warned ?? 0 })}</span>
              </span>
            </label>
          </ActionForm>
          <FilingList filings={data.filings} />
      </SectionCard>

      <SectionCard icon={ArchiveIcon} title={t("records.title")} description={t("records.body", { year: fiscalYear, month: period, count: data.records.length })}>
          <PeriodRecordsTable records={data.records} volumeTitles={Object.fromEntries(data.volumes.map((v) => [v.id, v.title]))} />
      </SectionCard>
    </div>
  );
}
