import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { AlertTriangleIcon, ClockIcon, FolderInputIcon, HourglassIcon, InboxIcon, ShieldAlertIcon } from "lucide-react";
import { getCurrentFonds, requireServiceContext } from "@/app/_server/context";
import { StatsCharts } from "@/components/stats/stats-charts";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getArchiveStats } from "@/lib/stats/get-archive-stats";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("stats"))("title") };
}

export default async function StatsPage() {
  const ctx = await requireServiceContext();
  const [fonds, t, tc, format, locale] = await Promise.all([getCurrentFonds(), getTranslations("stats"), getTranslations("common"), getFormatter(), getLocale()]);
  if (!fonds) {
    if (!can(ctx.actor, "stats.read")) forbidden();
    return (
      <Alert variant="warning">
        <AlertTitle>{t("noFondsTitle")}</AlertTitle>
        <AlertDescription>{t("noFondsBody")}</AlertDescription>
      </Alert>
    );
  }
  if (!can(ctx.actor, "stats.read", fonds.id)) forbidden();
  const result = await getArchiveStats(ctx, { fondsId: fonds.id });
  if (!result.ok) forbidden();
  const s = result.value;
  const list = (query: string) => `/records?${query}`;
  const kpis = [
    { key: "total", value: s.total, href: list(""), icon: InboxIcon },
    { key: "collectedNotFiled", value: s.collectedNotFiled, href: list("state=collected"), icon: HourglassIcon },
    { key: "failedChecks", value: s.failedChecks, href: list("checkStatus=failed"), icon: ShieldAlertIcon, tone: s.failedChecks > 0 ? "text-destructive" : "" },
    { key: "imports30d", value: s.imports30d.total, href: "/imports", icon: FolderInputIcon, note: t("kpi.imports30dNote", { succeeded: s.imports30d.succeeded, failed: s.imports30d.failed, records: s.imports30d.records }) },
    { key: "pendingApprovals", value: s.pendingApprovals, href: "/approvals", icon: ClockIcon },
    { key: "expiringWithinYear", value: s.expiringWithinYear, href: list(`expiresFrom=${s.expiryWindow.from}&expiresTo=${s.expiryWindow.to}`), icon: AlertTriangleIcon, note: t("kpi.expiringNote", { to: s.expiryWindow.to }) },
  ];
  return (
    <div className="mx-auto grid max-w-7xl grid-cols-1 gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-muted-foreground mt-1 text-sm">{t("subtitle", { fonds: locale === "en" && fonds.nameEn ? fonds.nameEn : fonds.name })}</p>
      </div>
      <section aria-label={t("kpi.label")} className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6">
        {kpis.map((k) => (
          <Link key={k.key} href={k.href} className="group rounded-xl outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <Card className="h-full gap-2 transition-shadow group-hover:shadow-md">
              <CardHeader>
                <CardDescription className="flex items-center gap-1.5">
                  <k.icon className="size-4" aria-hidden />
                  {t(`kpi.${k.key}`)}
                </CardDescription>
              </CardHeader>
              <CardContent>
                <div className={`text-3xl font-semibold tabular-nums ${k.tone ?? ""}`}>{format.number(k.value)}</div>
                {k.note && <p className="text-muted-foreground mt-1 text-xs">{k.note}</p>}
              </CardContent>
            </Card>
          </Link>
        ))}
      </section>
      {s.total === 0 ? (
        <Alert>
          <AlertTitle>{t("empty.title")}</AlertTitle>
          <AlertDescription>{t("empty.body")}</AlertDescription>
        </Alert>
      ) : (
        <StatsCharts
          byYear={s.byYear}
          byCategory={s.byCategory.map((c) => ({ key: c.category, label: tc(`categories.${c.category}`), total: c.total, href: list(`category=${c.category}`) }))}
          byState={s.byState.map((c) => ({ key: c.state, label: tc(`states.${c.state}`), total: c.total, href: list(`state=${c.state}`) }))}
        />
      )}
    </div>
  );
}
