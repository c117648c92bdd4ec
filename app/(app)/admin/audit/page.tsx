import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { requireAdminSection } from "@/app/(app)/admin/require-section";
import { AnchorChainButton } from "@/components/admin/anchor-chain-button";
import { AuditData } from "@/components/admin/audit-data";
import { PageHeader } from "@/components/admin/page-header";
import { VerifyChainButton } from "@/components/admin/verify-chain-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { FilterButtons, ListCard } from "@/components/shell/list-card";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "@/lib/audit/actions";
import { lastAuditAnchor } from "@/lib/audit/last-audit-anchor";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { can } from "@/lib/auth/permissions";
import { pageTitle } from "@/app/_server/page-title";

// Entries and anchors to the second: order within a minute matters in a trail.
const SECONDS = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" } as const;

const FILTERS = ["action", "actor", "targetType", "targetId", "from", "to"] as const;

export const generateMetadata = pageTitle("admin.audit.title");

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireAdminSection("audit");
  const params = await searchParams;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, typeof params[k] === "string" ? params[k] : ""])) as Record<(typeof FILTERS)[number], string>;
  const page = Number(typeof params.page === "string" ? params.page : 1) || 1;
  const isAuditAdmin = can(ctx.actor, "audit.read_admin");
  const [t, tAll, format, result, anchor] = await Promise.all([
    getTranslations("admin.audit"),
    getTranslations(),
    getFormatter(),
    listAuditEvents(ctx, { ...filters, page }),
    isAuditAdmin ? lastAuditAnchor(ctx) : null,
  ]);
  const lastAnchor = anchor?.ok ? anchor.value : null;
  const actionLabel = (action: string) => (t.has(`actions.${action}`) ? t(`actions.${action}`) : action);
  const pageHref = (n: number) => `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(n) })}`;
  const data = result.ok ? result.value : null;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const scopeText = !data ? "" : [data.scope.admin ? t("scope.admin") : null, data.scope.business === "all" ? t("scope.businessAll") : data.scope.business ? t("scope.businessFonds") : null].filter(Boolean).join(" ");
  return (
    <div className="mx-auto grid max-w-7xl grid-cols-1 gap-6">
      <PageHeader title={t("title")} description={scopeText || t("description")} back={{ href: "/admin", label: tAll("admin.title") }} />
      {isAuditAdmin && (
        <Card>
          <CardHeader>
            <CardTitle>{t("verify.title")}</CardTitle>
            <CardDescription>{t("verify.description")}</CardDescription>
          </CardHeader>
          <CardContent className="text-sm" data-testid="last-anchor">
            {lastAnchor
              ? t("verify.anchor.latest", {
                  at: format.dateTime(lastAnchor.anchoredAt, SECONDS),
                  entryId: lastAnchor.entryId,
                  seq: lastAnchor.seq,
                  count: format.number(lastAnchor.entryCount),
                })
              : t("verify.anchor.never")}
          </CardContent>
          <CardContent className="grid gap-4 md:grid-cols-2">
            <VerifyChainButton />
            <AnchorChainButton />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardContent>
          <form method="get" className="grid gap-4 md:grid-cols-3 xl:grid-cols-6" aria-label={t("filters.title")}>
            <div className="grid gap-1.5">
              <Label htmlFor="action">{t("filters.action")}</Label>
              <NativeSelect id="action" name="action" defaultValue={filters.action}>
                <option value="">{t("filters.anyAction")}</option>
                {AUDIT_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {actionLabel(a)}
                  </option>
                ))}
              </NativeSelect>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="actor">{t("filters.actor")}</Label>
              <Input id="actor" name="actor" defaultValue={filters.actor} placeholder={t("filters.actorPlaceholder")} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="targetType">{t("filters.targetType")}</Label>
              <NativeSelect id="targetType" name="targetType" defaultValue={filters.targetType}>
                <option value="">{t("filters.anyTarget")}</option>
                {AUDIT_TARGET_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`targets.${type}`)}
                  </option>
                ))}
              </NativeSelect>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="targetId">{t("filters.targetId")}</Label>
              <Input id="targetId" name="targetId" defaultValue={filters.targetId} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="from">{t("filters.from")}</Label>
              <Input id="from" name="from" type="date" defaultValue={filters.from} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="to">{t("filters.to")}</Label>
              <Input id="to" name="to" type="date" defaultValue={filters.to} />
            </div>
            <FilterButtons apply={t("filters.apply")} reset={t("filters.reset")} resetHref="/admin/audit" className="md:col-span-3 xl:col-span-6" />
          </form>
        </CardContent>
      </Card>
      {!result.ok && (
        <Alert variant="destructive">
          <AlertDescription>{tAll(result.error.code, result.error.params)}</AlertDescription>
        </Alert>
      )}
      {data && (
        <ListCard
          title={t("listTitle", { total: format.number(data.total) })}
          empty={data.items.length === 0 ? { title: t("empty"), hint: t("emptyHint") } : null}
          footer={
            <nav className="flex items-center justify-between border-t px-5 py-3 text-sm" aria-label={t("pagination")}>
              <span className="text-muted-foreground">{t("page", { page: data.page, pages })}</span>
              <div className="flex gap-2">
                {data.page > 1 ? (
                  <Button asChild variant="outline" size="sm">
                    <Link href={pageHref(data.page - 1)}>
                      <ChevronLeftIcon aria-hidden />
                      {t("prev")}
                    </Link>
                  </Button>
                ) : (
                  <Button variant="outline" size="sm" disabled>
                    <ChevronLeftIcon aria-hidden />
                    {t("prev")}
                  </Button>
                )}
                {data.page < pages ? (
                  <Button asChild variant="outline" size="sm">
                    <Link href={pageHref(data.page + 1)}>
                      {t("next")}
                      <ChevronRightIcon aria-hidden />
                    </Link>
                  </Button>
                ) : (
                  <Button variant="outline" size="sm" disabled>
                    {t("next")}
                    <ChevronRightIcon aria-hidden />
                  </Button>
                )}
              </div>
            </nav>
          }
        >
          <Table aria-label={t("title")}>
            <TableHeader>
              <TableRow>
                <TableHead className="w-44">{t("table.time")}</TableHead>
                <TableHead>{t("table.actor")}</TableHead>
                <TableHead>{t("table.action")}</TableHead>
                <TableHead>{t("table.target")}</TableHead>
                <TableHead>{t("table.data")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((e) => (
                <TableRow key={e.id} className="align-top">
                  <TableCell className="text-xs whitespace-nowrap tabular-nums">
                    {format.dateTime(e.occurredAt, SECONDS)}
                    <div className="text-muted-foreground font-mono">#{e.id}</div>
                  </TableCell>
                  <TableCell>
                    <div className="font-medium">{e.actorName ?? t("system")}</div>
                    {e.actorAdminRole && <Badge variant="outline">{tAll(`common.roles.${e.actorAdminRole}`)}</Badge>}
                    {e.ip && <div className="text-muted-foreground font-mono text-xs">{e.ip}</div>}
                  </TableCell>
                  <TableCell>
                    <div>{actionLabel(e.action)}</div>
                    <div className="text-muted-foreground font-mono text-xs">{e.action}</div>
                  </TableCell>
                  <TableCell className="text-xs">
                    {e.targetType && <div className="font-medium">{t.has(`targets.${e.targetType}`) ? t(`targets.${e.targetType}`) : e.targetType}</div>}
                    {e.targetId && <div className="text-muted-foreground max-w-48 truncate font-mono" title={e.targetId}>{e.targetId}</div>}
                    {e.fondsCode && <Badge variant="secondary">{e.fondsCode}</Badge>}
                  </TableCell>
                  <TableCell className="max-w-md">
                    <AuditData data={e.data} label={`${t("table.data")} #${e.id}`} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ListCard>
      )}
    </div>
  );
}
