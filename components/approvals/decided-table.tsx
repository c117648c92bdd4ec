import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { HistoryIcon } from "lucide-react";
import { ApprovalStateBadge, KindBadge, RequestTitle } from "@/components/approvals/approval-badges";
import { EmptyState } from "@/components/empty-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DecidedApproval } from "@/lib/approvals/list-decided";

interface Props {
  items: (DecidedApproval & { fondsCode: string })[];
  page: number;
  hasMore: boolean;
}

/** Ended requests with the decision that ended each; paged by links so a page can be bookmarked. */
export function DecidedTable({ items, page, hasMore }: Props) {
  const t = useTranslations("approvals-ui");
  const format = useFormatter();
  const pageHref = (p: number) => `/approvals?view=decided${p > 1 ? `&page=${p}` : ""}`;
  if (items.length === 0) return <EmptyState icon={HistoryIcon} title={t("decided.emptyTitle")} body={t("decided.emptyBody")} />;
  return (
    <div className="grid gap-4">
      <div className="bg-card overflow-hidden rounded-xl border">
        <Table aria-label={t("decided.title")}>
          <TableHeader>
            <TableRow>
              <TableHead className="pl-4">{t("inbox.request")}</TableHead>
              <TableHead>{t("inbox.kind")}</TableHead>
              <TableHead>{t("decided.result")}</TableHead>
              <TableHead>{t("decided.decidedBy")}</TableHead>
              <TableHead>{t("decided.decidedAt")}</TableHead>
              <TableHead>{t("inbox.requester")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((r) => (
              <TableRow key={r.id}>
                <TableCell className="min-w-44 pl-4 whitespace-normal">
                  <RequestTitle id={r.id} title={r.title} fondsCode={r.fondsCode} />
                </TableCell>
                <TableCell>
                  <KindBadge kind={r.kind} />
                </TableCell>
                <TableCell>
                  <ApprovalStateBadge state={r.state} />
                </TableCell>
                <TableCell className="max-w-xs whitespace-normal">
                  {r.decision ? (
                    <>
                      <span className="flex flex-wrap items-center gap-1.5">
                        {r.decision.decidedBy ?? t("someone")}
                        <Badge variant="outline">{t(`source.${r.decision.source}`)}</Badge>
                      </span>
                      {r.decision.comment && <p className="text-muted-foreground mt-0.5 line-clamp-2 text-xs">{r.decision.comment}</p>}
                    </>
                  ) : (
                    "—"
                  )}
                </TableCell>
                <TableCell className="text-muted-foreground">{r.decidedAt ? format.dateTime(r.decidedAt, { dateStyle: "medium", timeStyle: "short" }) : "—"}</TableCell>
                <TableCell>{r.requesterName}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {(page > 1 || hasMore) && (
        <nav className="flex items-center justify-end gap-2" aria-label={t("decided.pages")}>
          {page > 1 && (
            <Button asChild variant="outline" size="sm">
              <Link href={pageHref(page - 1)}>{t("decided.newer")}</Link>
            </Button>
          )}
          <span className="text-muted-foreground text-sm">{t("decided.page", { page })}</span>
          {hasMore && (
            <Button asChild variant="outline" size="sm">
              <Link href={pageHref(page + 1)}>{t("decided.older")}</Link>
            </Button>
          )}
        </nav>
      )}
    </div>
  );
}
