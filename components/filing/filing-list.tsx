import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { ApprovalStateBadge, type ApprovalStateName } from "@/components/approvals/approval-badges";
import type { FilingPeriod } from "@/lib/filing/queries/get-filing-period";

/** The period's filing requests, newest first, with their approval state and links to what was decided. */
export function FilingList({ filings }: { filings: FilingPeriod["filings"] }) {
  const t = useTranslations("filing-ui.filings");
  const format = useFormatter();
  if (filings.length === 0) return <p className="text-muted-foreground text-sm">{t("none")}</p>;
  return (
    <ul className="divide-y rounded-lg border" aria-label={t("title")}>
      {filings.map((f) => (
        <li key={f.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm">
          <ApprovalStateBadge state={(f.approvalState ?? "pending") as ApprovalStateName} />
          <span>{t("submittedAt", { at: format.dateTime(f.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}</span>
          {f.decidedAt && <span className="text-muted-foreground">{t("decidedAt", { at: format.dateTime(f.decidedAt, { dateStyle: "medium", timeStyle: "short" }) })}</span>}
          <span className="ml-auto flex gap-3">
            {f.checkRunId && (
              <Link className="text-primary hover:underline" href={`/filing/check-runs/${f.checkRunId}`}>
                {t("report")}
              </Link>
            )}
            {f.approvalId && (
              <Link className="text-primary hover:underline" href={`/approvals/${f.approvalId}`}>
                {t("approval")}
              </Link>
            )}
          </span>
          {f.decision?.comment && <p className="text-muted-foreground basis-full text-xs">{t("comment", { by: f.decision.by ?? "—", comment: f.decision.comment })}</p>}
        </li>
      ))}
    </ul>
  );
}
