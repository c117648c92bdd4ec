import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ApprovalView } from "@/lib/approvals/get-approval";

/** The steps and every decision that arrived, refused and repeated ones included, oldest first. */
export function DecisionHistory({ approval }: { approval: ApprovalView }) {
  const t = useTranslations("approvals-ui");
  const tc = useTranslations("common");
  const format = useFormatter();
  return (
    <div className="grid gap-4">
      <ol className="grid gap-2" aria-label={t("history.steps")}>
        {approval.steps.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center gap-2 text-sm">
            <span className="bg-muted flex size-6 items-center justify-center rounded-full text-xs font-medium">{s.seq}</span>
            <span>{tc(`roles.${s.role}`)}</span>
            <Badge variant={s.state === "approved" ? "success" : s.state === "rejected" ? "destructive" : "secondary"}>{t(`stepState.${s.state}`)}</Badge>
            {s.decidedBy && <span className="text-muted-foreground">{s.decidedBy}</span>}
            {s.decidedAt && <span className="text-muted-foreground">{format.dateTime(s.decidedAt, { dateStyle: "medium", timeStyle: "short" })}</span>}
          </li>
        ))}
      </ol>
      {approval.decisions.length === 0 ? (
        <p className="text-muted-foreground text-sm">{t("history.none")}</p>
      ) : (
        <ol className="border-l pl-4" aria-label={t("history.title")}>
          {approval.decisions.map((d) => (
            <li key={d.id} className="relative pb-4 last:pb-0">
              <span className="bg-border absolute top-1.5 -left-[21px] size-2.5 rounded-full" aria-hidden />
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-medium">{d.actorName ?? d.oaUserId ?? t("someone")}</span>
                <span>{t(`decisionWord.${d.decision}`)}</span>
                <Badge variant="outline">{t(`source.${d.source}`)}</Badge>
                {d.outcome !== "recorded" && <Badge variant={d.outcome === "refused" ? "destructive" : "secondary"}>{t(`decisionOutcome.${d.outcome === "refused" ? "refused" : "duplicate"}`)}</Badge>}
                <span className="text-muted-foreground text-xs">{format.dateTime(d.createdAt, { dateStyle: "medium", timeStyle: "short" })}</span>
              </div>
              {d.outcome === "refused" && d.refusalCode && t.has(`refusalReason.${d.refusalCode}`) && <p className="text-muted-foreground mt-1 text-xs">{t(`refusalReason.${d.refusalCode}`)}</p>}
              {d.comment && <p className="text-muted-foreground mt-1 text-sm whitespace-pre-wrap">{d.comment}</p>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
