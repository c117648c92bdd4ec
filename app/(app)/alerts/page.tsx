import Link from "next/link";
import { forbidden } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { requireServiceContext } from "@/app/_server/context";
import { PageHeader } from "@/components/admin/page-header";
import { ResolveAlertForm } from "@/components/alerts/resolve-alert-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { FilterButtons, ListCard } from "@/components/shell/list-card";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { ALERT_KINDS, type AlertView, listAlerts } from "@/lib/fixity/list-alerts";
import { resolveAlertAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("alerts-ui"))("title") };
}

const FILTERS = ["id", "fondsId", "kind", "status"] as const;
const STATUSES = ["open", "resolved", "all"] as const;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireServiceContext();
  const params = await searchParams;
  const text = (k: string) => (typeof params[k] === "string" ? params[k] : "");
  const filters = Object.fromEntries(FILTERS.map((k) => [k, text(k)])) as Record<(typeof FILTERS)[number], string>;
  // A notice links to one alert, which may be resolved by the time it is opened.
  filters.status ||= filters.id ? "all" : "open";
  const [t, tAll, format, result] = await Promise.all([
    getTranslations("alerts-ui"),
    getTranslations(),
    getFormatter(),
    listAlerts(ctx, { ...filters, after: text("after"), before: text("before") }),
  ]);
  if (!result.ok && result.error.code === "auth.forbidden") forbidden();
  const operatorOnly = can(ctx.actor, "admin.system") && !can(ctx.actor, "record.read");
  const pageHref = (cursor: Record<string, string>) =>
    `/alerts?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), ...cursor })}`;
  const data = result.ok ? result.value : null;
  const when = (d: Date) => format.dateTime(d, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });

  return (
    <div className="mx-auto grid max-w-7xl grid-cols-1 gap-6">
      <PageHeader title={t("title")} description={operatorOnly ? t("operatorNote") : t("description")} />
      {filters.id ? (
        <Alert>
          <AlertDescription className="flex flex-wrap items-center gap-2">
            {t("single")}
            <Link href="/alerts" className="text-primary font-medium underline-offset-4 hover:underline">
              {t("showAll")}
            </Link>
          </AlertDescription>
        </Alert>
      ) : (
        <Card>
          <CardContent>
            <form method="get" className="flex flex-wrap items-end gap-4" aria-label={t("filters.title")}>
              {filters.fondsId && <input type="hidden" name="fondsId" value={filters.fondsId} />}
              <div className="grid gap-1.5">
                <Label htmlFor="kind">{t("filters.kind")}</Label>
                <NativeSelect id="kind" name="kind" defaultValue={filters.kind}>
                  <option value="">{t("filters.anyKind")}</option>
                  {ALERT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {tAll(`fixity.kind.${k}`)}
                    </option>
                  ))}
                </NativeSelect>
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="status">{t("filters.status")}</Label>
                <NativeSelect id="status" name="status" defaultValue={filters.status}>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`status.${s}`)}
                    </option>
                  ))}
                </NativeSelect>
              </div>
              <FilterButtons apply={t("filters.apply")} reset={t("filters.reset")} resetHref="/alerts" />
            </form>
          </CardContent>
        </Card>
      )}
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
            <nav className="flex items-center justify-end gap-2 border-t px-5 py-3 text-sm" aria-label={t("pagination")}>
              {data.prevCursor && (
                <Button asChild variant="ghost" size="sm">
                  <Link href={pageHref({})}>{t("first")}</Link>
                </Button>
              )}
              <PageLink href={data.prevCursor ? pageHref({ before: data.prevCursor }) : null} label={t("newer")} direction="prev" />
              <PageLink href={data.nextCursor ? pageHref({ after: data.nextCursor }) : null} label={t("older")} direction="next" />
            </nav>
          }
        >
          <Table aria-label={t("title")}>
            <TableHeader>
              <TableRow>
                <TableHead className="w-40">{t("table.time")}</TableHead>
                <TableHead className="w-32">{t("table.kind")}</TableHead>
                <TableHead>{t("table.subject")}</TableHead>
                <TableHead>{t("table.detail")}</TableHead>
                <TableHead className="w-72">{t("table.state")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((a) => {
                const subject = subjectText(a, t);
                return (
                  <TableRow key={a.id} className="align-top" data-testid="alert-row">
                    <TableCell className="text-xs whitespace-nowrap tabular-nums">{when(a.createdAt)}</TableCell>
                    <TableCell>
                      <Badge variant={a.resolvedAt ? "secondary" : "destructive"}>{tAll(`fixity.kind.${a.kind}`)}</Badge>
                      {a.fondsCode && <div className="text-muted-foreground mt-1 font-mono text-xs">{a.fondsCode}</div>}
                    </TableCell>
                    <TableCell className="max-w-xs min-w-40 text-sm whitespace-normal">
                      {a.recordId && a.recordTitle !== null ? (
                        <Link href={`/records/${a.recordId}`} className="text-primary font-medium underline-offset-4 hover:underline">
                          {a.recordTitle}
                        </Link>
                      ) : (
                        <span className="font-medium">{subject}</span>
                      )}
                      {a.archivalCode && <div className="text-muted-foreground font-mono text-xs">{a.archivalCode}</div>}
                      {a.recordTitle !== null && a.params.fileName ? <div className="text-muted-foreground text-xs">{t("subject.file", { fileName: String(a.params.fileName) })}</div> : null}
                    </TableCell>
                    {/* Wide enough for a 64-digit digest in two lines: on a narrow screen the table scrolls instead of squeezing it. */}
                    <TableCell className="max-w-md min-w-72 text-xs whitespace-normal">
                      <AlertDetail alert={a} t={t} />
                    </TableCell>
                    <TableCell className="text-xs whitespace-normal">
                      {a.resolvedAt ? (
                        <div className="grid gap-1">
                          <Badge variant="outline">{t("status.resolved")}</Badge>
                          <span className="text-muted-foreground">{t("resolvedBy", { name: a.resolvedByName ?? "—", at: when(a.resolvedAt) })}</span>
                          {a.resolutionNote && <p className="whitespace-pre-wrap">{a.resolutionNote}</p>}
                        </div>
                      ) : (
                        <div className="grid gap-1">
                          <Badge variant="outline">{t("status.open")}</Badge>
                          {a.resolvable && <ResolveAlertForm alertId={a.id} subject={subject} action={resolveAlertAction} />}
                        </div>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </ListCard>
      )}
    </div>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<"alerts-ui">>>;

/** What the alert is about, in words a reader may see: the record's title only to its fonds' readers. */
function subjectText(a: AlertView, t: T): string {
  if (a.kind === "store_unavailable") return t("subject.store");
  if (a.recordTitle !== null) return a.recordTitle;
  if (a.recordId) return a.params.fileName ? t("subject.file", { fileName: String(a.params.fileName) }) : t("subject.hiddenRecord");
  return t("subject.noRecord");
}

/** What was expected and what was found, with what an operator needs to restore a file (its key and digest). */
function AlertDetail({ alert: a, t }: { alert: AlertView; t: T }) {
  const p = a.params;
  const mono = "font-mono break-all";
  const row = (label: string, value: React.ReactNode) => (
    <div>
      <span className="text-muted-foreground">{label}: </span>
      {value}
    </div>
  );
  switch (a.kind) {
    case "fixity_mismatch":
    case "file_missing":
      return (
        <div className="grid gap-0.5">
          {p.storageKey ? row(t("detail.storageKey"), <span className={mono}>{String(p.storageKey)}</span>) : null}
          {p.expected ? row(t("detail.expected"), <span className={mono}>{String(p.expected)}</span>) : null}
          {row(t("detail.actual"), a.kind === "file_missing" ? t("detail.missing") : p.actual ? <span className={mono}>{String(p.actual)}</span> : t("detail.unreadable"))}
        </div>
      );
    case "store_unavailable":
      return (
        <div className="grid gap-0.5">
          {row(t("detail.location"), <span className={mono}>{String(p.location ?? "")}</span>)}
          <div>{t("detail.reason", { reason: String(p.reason ?? "") })}</div>
        </div>
      );
    case "duplicate_reimbursement":
      return p.invoiceNo ? <span>{t("detail.duplicate", { invoiceNo: String(p.invoiceNo), voucher: String(p.voucher ?? "—"), other: String(p.other || "—") })}</span> : <span>—</span>;
    default:
      return <span className="text-muted-foreground">—</span>;
  }
}

function PageLink({ href, label, direction }: { href: string | null; label: string; direction: "prev" | "next" }) {
  const body = direction === "prev" ? <><ChevronLeftIcon aria-hidden />{label}</> : <>{label}<ChevronRightIcon aria-hidden /></>;
  return href ? (
    <Button asChild variant="outline" size="sm">
      <Link href={href}>{body}</Link>
    </Button>
  ) : (
    <Button variant="outline" size="sm" disabled>
      {body}
    </Button>
  );
}
