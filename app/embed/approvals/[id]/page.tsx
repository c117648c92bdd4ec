import { getFormatter, getTranslations } from "next-intl/server";
import { ApprovalStateBadge, HeldBackNote, KindBadge } from "@/components/approvals/approval-badges";
import { DecisionHistory } from "@/components/approvals/decision-history";
import { FilingRecordsTable } from "@/components/approvals/filing-records-table";
import { EmbedDecisionForm } from "@/components/embed/embed-decision-form";
import { SectionCard } from "@/components/section-card";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getApproval } from "@/lib/approvals/get-approval";
import { getFilingSubject } from "@/lib/approvals/queries/get-filing-subject";
import { requireEmbedContext } from "../../_server/require-embed";
import { embedDecideAction } from "./actions";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("approvals-ui.detail.title");

/** The approval detail the OA shows in its own screen: what is asked, the history, and the decision. */
export default async function EmbedApprovalPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  const ctx = await requireEmbedContext();
  const approval = await getApproval(ctx, { id: (await params).id });
  if (!approval.ok) {
    // Said inside the frame, as the record view does: the app's 404 page links to Acta's home, which
    // refuses to be framed, so the OA pane would go blank.
    const tr = await getTranslations();
    return (
      <Alert variant="warning">
        <AlertDescription>{tr("approval.not_found")}</AlertDescription>
      </Alert>
    );
  }
  const a = approval.value;
  const subject = a.kind === "filing" ? await getFilingSubject(ctx, { filingId: a.subjectId, page: (await searchParams).page }) : null;
  const [t, te, format] = await Promise.all([getTranslations("approvals-ui"), getTranslations("embed"), getFormatter()]);
  return (
    <div className="grid gap-4">
      <div className="grid gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <KindBadge kind={a.kind} />
          <ApprovalStateBadge state={a.state} />
        </div>
        <h1 className="text-xl font-semibold">{a.title}</h1>
        <p className="text-muted-foreground text-sm">
          {t("detail.requested", { name: a.requestedBy.name, at: format.dateTime(a.createdAt, { dateStyle: "long", timeStyle: "short" }) })}
        </p>
        <p className="text-muted-foreground text-xs">{te("actingAs", { name: ctx.actor.displayName, oaUser: ctx.session.oaUserId })}</p>
      </div>
      <div className="grid gap-4 md:grid-cols-[1fr_18rem]">
        {/* First in a narrow OA pane: after a filing's hundreds of records the approve button was thousands of pixels down. */}
        <div className="grid content-start gap-4 md:order-last">
          {a.canDecide && (
            <SectionCard title={t("decide.title")}>
              <EmbedDecisionForm approvalId={a.id} action={embedDecideAction} />
            </SectionCard>
          )}
          {a.ownRequest && (
            <SectionCard title={t("decide.title")}>
              <p className="text-muted-foreground text-sm">{t("decide.ownRequest")}</p>
            </SectionCard>
          )}
          <SectionCard title={t("history.title")}>
            <DecisionHistory approval={a} />
          </SectionCard>
        </div>
        {subject?.ok ? (
          <Card className="min-w-0">
            <CardHeader>
              <CardTitle>{t("subject.records")}</CardTitle>
              {/* As on the approval page: once decided, "will be filed on approval" is no longer true. */}
              <CardDescription>{t(a.state === "approved" ? "subject.recordsFiled" : a.state === "pending" ? "subject.recordsHint" : "subject.recordsNotFiled", { count: subject.value.recordCount })}</CardDescription>
              {/* The records that failed a check are not part of the request: the approver in the OA is told how many, as the inbox tells. */}
              <HeldBackNote count={subject.value.heldBackCount} />
            </CardHeader>
            <CardContent>
              <FilingRecordsTable subject={subject.value} />
            </CardContent>
          </Card>
        ) : (
          <div />
        )}
      </div>
    </div>
  );
}
