import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ArrowRightIcon, ShieldCheckIcon } from "lucide-react";
import { getCurrentFonds, requireServiceContext } from "@/app/_server/context";
import { RecentImports } from "@/components/home/recent-imports";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { navigationFor } from "@/lib/auth/navigation";
import { can } from "@/lib/auth/permissions";
import { ADMIN_ROLES } from "@/lib/auth/roles";
import { listRecentImports } from "@/lib/erp/import/list-imports";
import { getFondsSummary } from "@/lib/records/fonds-summary";

export default async function HomePage() {
  const ctx = await requireServiceContext();
  const [t, format, locale, fonds] = await Promise.all([getTranslations(), getFormatter(), getLocale(), getCurrentFonds()]);
  const [summary, recentImports] = await Promise.all([
    fonds && can(ctx.actor, "stats.read", fonds.id) ? getFondsSummary(ctx.db, fonds.id) : null,
    fonds && can(ctx.actor, "record.import", fonds.id) ? listRecentImports(ctx, { fondsId: fonds.id }) : null,
  ]);
  const shortcuts = navigationFor(ctx.actor).filter((i) => i.key !== "home");
  const adminRole = ctx.actor.grants.find((g) => ADMIN_ROLES.includes(g.role))?.role;
  const kpis = summary
    ? [
        { key: "total", value: summary.total, href: "/records" },
        { key: "collected", value: summary.byState.collected ?? 0, href: "/records?state=collected" },
        { key: "filing", value: summary.byState.filing ?? 0, href: "/records?state=filing" },
        { key: "archived", value: summary.byState.archived ?? 0, href: "/records?state=archived" },
        { key: "pendingApprovals", value: summary.pendingApprovals, href: "/approvals" },
      ]
    : [];
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-8">
      <div>
        <h1 className="text-2xl font-semibold">{t("home.greeting", { name: ctx.actor.displayName })}</h1>
        <p className="text-muted-foreground mt-1 text-sm">
          {t("home.subtitle", {
            fonds: fonds ? (locale === "en" && fonds.nameEn ? fonds.nameEn : fonds.name) : t("common.noFonds"),
            date: format.dateTime(new Date(), { dateStyle: "full" }),
          })}
        </p>
      </div>
      {adminRole && (
        <Alert>
          <ShieldCheckIcon />
          <AlertTitle>{t(`common.roles.${adminRole}`)}</AlertTitle>
          <AlertDescription>{t("home.adminNotice", { role: t(`common.roles.${adminRole}`) })}</AlertDescription>
        </Alert>
      )}
      {!fonds && !adminRole && (
        <Alert variant="warning">
          <AlertTitle>{t("home.noFondsTitle")}</AlertTitle>
          <AlertDescription>{t("home.noFondsBody")}</AlertDescription>
        </Alert>
      )}
      {kpis.length > 0 && (
        <section className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-5" aria-label={t("home.kpi.total")}>
          {kpis.map((k) => (
            <Link key={k.key} href={k.href} className="group rounded-xl outline-none focus-visible:ring-2 focus-visible:ring-ring">
              <Card className="gap-2 transition-shadow group-hover:shadow-md">
                <CardHeader>
                  <CardDescription>{t(`home.kpi.${k.key}`)}</CardDescription>
                </CardHeader>
                <CardContent>
                  <div className="text-3xl font-semibold tabular-nums">{format.number(k.value)}</div>
                </CardContent>
              </Card>
            </Link>
          ))}
        </section>
      )}
      {recentImports?.ok && <RecentImports imports={recentImports.value.imports} />}
      {shortcuts.length > 0 && (
        <section>
          <h2 className="text-muted-foreground mb-3 text-sm font-medium">{t("home.shortcuts")}</h2>
          <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            {shortcuts.map((s) => (
              <Link key={s.key} href={s.href} className="group rounded-xl outline-none focus-visible:ring-2 focus-visible:ring-ring">
                <Card className="h-full transition-shadow group-hover:shadow-md">
                  <CardHeader>
                    <CardTitle className="flex items-center justify-between">
                      {t(`nav.${s.key}`)}
                      <ArrowRightIcon className="text-muted-foreground size-4 transition-transform group-hover:translate-x-0.5" />
                    </CardTitle>
                    <CardDescription>{t(`home.shortcut.${s.key}`)}</CardDescription>
                  </CardHeader>
                </Card>
              </Link>
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
