import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireAdminSection } from "@/app/(app)/admin/require-section";
import { PageHeader } from "@/components/admin/page-header";
import { callbackOutcome } from "@/components/oa-admin/callback-outcome";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listOaCallbacks } from "@/lib/oa/callbacks/list-oa-callbacks";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("oa-ui.callbacks.title");

/** Every callback the OA sent, verified or not: the administrator's evidence when a decision is missing. */
export default async function OaCallbacksPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ before?: string; beforeId?: string; problems?: string }> }) {
  const ctx = await requireAdminSection("oa");
  const { id } = await params;
  const { before, beforeId, problems: problemsParam } = await searchParams;
  const problems = problemsParam === "1";
  const [list, t, tr, format] = await Promise.all([listOaCallbacks(ctx, { connectorId: id, before, beforeId, problems }), getTranslations("oa-ui"), getTranslations(), getFormatter()]);
  if (!list.ok) notFound();
  const { items, next } = list.value;
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <PageHeader title={t("callbacks.title")} description={t("callbacks.hint")} back={{ href: `/admin/oa/${id}`, label: t("callbacks.back") }} />
      <nav aria-label={t("callbacks.show")} className="flex gap-2">
        {[false, true].map((only) => (
          <Button key={String(only)} asChild size="sm" variant={only === problems ? "default" : "outline"}>
            <Link href={`/admin/oa/${id}/callbacks${only ? "?problems=1" : ""}`} aria-current={only === problems ? "page" : undefined}>
              {t(only ? "callbacks.problemsOnly" : "callbacks.all")}
            </Link>
          </Button>
        ))}
      </nav>
      <Card>
        <CardContent>
          {items.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t(problems ? "callbacks.noProblems" : "callbacks.empty")}</p>
          ) : (
            <Table aria-label={t("callbacks.title")}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("callbacks.time")}</TableHead>
                  <TableHead>{t("callbacks.status")}</TableHead>
                  <TableHead>{t("callbacks.verification")}</TableHead>
                  <TableHead>{t("callbacks.event")}</TableHead>
                  <TableHead>{t("callbacks.outcome")}</TableHead>
                  <TableHead>{t("callbacks.details")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((c) => (
                  <TableRow key={c.id} className="align-top">
                    <TableCell className="text-xs whitespace-nowrap tabular-nums">{format.dateTime(new Date(c.receivedAt), { dateStyle: "short", timeStyle: "medium" })}</TableCell>
                    <TableCell>
                      <Badge variant={c.httpStatus < 300 ? "success" : "destructive"}>
                        {c.method} {c.httpStatus}
                      </Badge>
                    </TableCell>
                    {/* A refusal is a sentence: it wraps, so the outcome and details stay in view without scrolling sideways. */}
                    <TableCell className="min-w-48 text-xs whitespace-normal">{c.verification === "verified" ? t("callbacks.verified") : tr(c.verification)}</TableCell>
                    <TableCell className="font-mono text-xs break-all">{c.eventId ?? "—"}</TableCell>
                    {/* Worded for the administrator; the logged code stays at hand (hover) for the OA's vendor. */}
                    <TableCell className="min-w-48 text-xs whitespace-normal" title={c.outcome}>
                      {tr(callbackOutcome(c.outcome).key, callbackOutcome(c.outcome).params)}
                    </TableCell>
                    <TableCell>
                      <details className="text-xs">
                        <summary className="cursor-pointer">{t("callbacks.headers")}</summary>
                        <p className="mt-1 font-mono break-all">sha256 {c.bodySha256}</p>
                        <pre className="bg-muted mt-1 max-w-md overflow-x-auto rounded p-2 text-[11px]">{JSON.stringify(c.headers, null, 1)}</pre>
                      </details>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {next && (
            <Button asChild variant="outline" size="sm" className="mt-4">
              <Link href={`/admin/oa/${id}/callbacks?${new URLSearchParams({ ...next, ...(problems ? { problems: "1" } : {}) })}`}>{t("callbacks.older")}</Link>
            </Button>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
