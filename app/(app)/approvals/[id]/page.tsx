import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ArrowLeftIcon } from "lucide-react";
import { requireServiceContext } from "@/app/_server/context";
import { ApprovalStateBadge, KindBadge } from "@/components/approvals/approval-badges";
import { DecisionForm } from "@/components/approvals/decision-form";
import { DecisionHistory } from "@/components/approvals/decision-history";
import { FilingRecordsTable } from "@/components/approvals/filing-records-table";
import { WithdrawForm } from "@/components/approvals/withdraw-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { CheckSummary } from "@/components/filing/check-summary";
import { HeldBackList } from "@/components/filing/held-back-list";
import { Button } from "@/components/ui/button";
import { SectionCard } from "@/components/section-card";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getApproval } from "@/lib/approvals/get-approval";
import { getFilingSubject } from "@/lib/approvals/queries/get-filing-subject";
import { getCheckReport } from "@/lib/filing/queries/get-check-report";
import { can } from "@/lib/auth/permissions";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("approvals-ui.detail.title");

export default async function ApprovalPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  const ctx = await requireServiceContext();
  const approval = await getApproval(ctx, { id: (await params).id });
  // getApproval answers "not found" to those who may not see the request, so its existence does not leak.
  if (!approval.ok) notFound();
  const a = approval.value;
  const subject = a.kind === "filing" ? await getFilingSubject(ctx, { filingId: a.subjectId, page: (await searchParams).page }) : null;
  const filing = subject?.ok ? subject.value : null;
  const report = filing?.filing.checkRunId ? await getCheckReport(ctx, { runId: filing.filing.checkRunId }) : null;
  const [t, format] = await Promise.all([getTranslations("approvals-ui"), getFormatter()]);
  const unlisted = filing ? filing.heldBackCount - filing.heldBack.length : 0;
  const heldBackMore = unlisted > 0 ? t("subject.heldBackMore", { count: unlisted }) : null;
  // Kept once withdrawn, so whoever withdrew it still reads the confirmation of what they just did.
  const withdrawable = a.canWithdraw || (a.state === "cancelled" && (ctx.actor?.userId === a.requestedBy.id || can(ctx.actor, "approval.withdraw", a.fondsId)));
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <div className="grid gap-3">
        {can(ctx.actor, "approval.decide") && (
          <Button asChild variant="ghost" size="sm" className="w-fit">
            <Link href="/approvals">
              <ArrowLeftIcon aria-hidden />
              {t("detail.back")}
            </Link>
          </Button>
        )}
        <div className="flex flex-wrap items-center gap-2">
          <KindBadge kind={a.kind} />
          <ApprovalStateBadge state={a.state} />
        </div>
        <h1 className="text-2xl font-semibold">{a.title}</h1>
        <p className="text-muted-foreground text-sm">
          {t("detail.requested", { name: a.requestedBy.name, at: format.dateTime(a.createdAt, { dateStyle: "long", timeStyle: "short" }) })}
          {a.decidedAt && ` · ${t("detail.decided", { at: format.dateTime(a.decidedAt, { dateStyle: "long", timeStyle: "short" }) })}`}
        </p>
        {a.revokedInOa && (
          <Alert variant="warning">
            <AlertDescription>
              <p>{t("detail.revokedInOa", { by: a.revokedInOa.by, at: format.dateTime(new Date(a.revokedInOa.at), { dateStyle: "long", timeStyle: "short" }) })}</p>
              {a.revokedInOa.reason && <p>{t("detail.revokedReason", { reason: a.revokedInOa.reason })}</p>}
            </AlertDescription>
          </Alert>
        )}
      </div>

      {/* The decision comes first, above what it decides; beside the records only on wide screens, since at
          1280px a filed month's table (codes included) needs the full width. */}
      <div className="grid gap-6 2xl:grid-cols-[1fr_22rem]">
        <div className="grid content-start gap-6 lg:grid-cols-2 2xl:order-last 2xl:grid-cols-1">
          {/* Kept in place once the request is closed, so the approver still reads the confirmation of what they just did. */}
          {(a.canDecide || can(ctx.actor, "approval.decide", a.fondsId)) && (
            <SectionCard title={t("decide.title")}>
              <DecisionForm approvalId={a.id} open={a.canDecide} ownRequest={a.ownRequest} />
            </SectionCard>
          )}
          {withdrawable && (
            <SectionCard title={t("withdraw.title")}>
              <WithdrawForm approvalId={a.id} open={a.canWithdraw} />
            </SectionCard>
          )}
          <SectionCard title={t("history.title")}>
            <DecisionHistory approval={a} />
          </SectionCard>
        </div>
        <div className="grid min-w-0 grid-cols-1 gap-6">
          {filing && (
            <Card>
              <CardHeader>
                <CardTitle>{t("subject.records")}</CardTitle>
                <CardDescription>{t(a.state === "approved" ? "subject.recordsFiled" : a.state === "pending" ? "subject.recordsHint" : "subject.recordsNotFiled", { count: filing.recordCount })}</CardDescription>
              </CardHeader>
              <CardContent>
                <FilingRecordsTable subject={filing} />
              </CardContent>
            </Card>
          )}
          {report?.ok && (
            <Card>
              <CardHeader>
                <CardTitle>{t("subject.checks")}</CardTitle>
                <CardDescription>{t("subject.checksHint")}</CardDescription>
              </CardHeader>
              <CardContent>
                <CheckSummary report={report.value} />
              </CardContent>
            </Card>
          )}
          {filing && (
            <Card>
              <CardHeader>
                <CardTitle>{t("subject.heldBack", { count: filing.heldBackCount })}</CardTitle>
                <CardDescription>{t("subject.heldBackHint")}</CardDescription>
              </CardHeader>
              <CardContent className="grid gap-2">
                <HeldBackList
                  items={filing.heldBack.map((r) => ({ id: r.id, label: r.voucherWord ? `${r.voucherWord}-${r.voucherNo} ${r.summary ?? ""}` : r.title, reasons: r.reasons }))}
                />
                {heldBackMore &&
                  // The report is the fonds readers'; an approver who may only decide is told the count.
                  (report?.ok ? (
                    <Link href={`/filing/check-runs/${report.value.run.id}#records`} className="text-primary text-sm hover:underline">
                      {heldBackMore}
                    </Link>
                  ) : (
                    <p className="text-muted-foreground text-sm">{heldBackMore}</p>
                  ))}
              </CardContent>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
