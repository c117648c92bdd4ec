"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { CheckCheckIcon, InboxIcon } from "lucide-react";
import { type BulkState, bulkApproveAction } from "@/app/(app)/approvals/actions";
import { useResetOnDone } from "@/components/admin/form-outcome";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { HeldBackNote, KindBadge, RequestTitle } from "@/components/approvals/approval-badges";
import { stillListed } from "@/components/approvals/selection";
import { EmptyState } from "@/components/empty-state";
import { DecisionError } from "@/components/approvals/decision-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import type { ApprovalKind } from "@/lib/approvals/registry";
import { formatDecimal } from "@/lib/decimal";

export interface InboxRow {
  id: string;
  kind: ApprovalKind;
  title: string;
  fondsCode: string;
  requesterName: string;
  createdAt: Date;
  records: number | null;
  heldBack: number | null;
  total: string | null;
}

/** The approver's to-do list: open one to read it, or tick several and approve them with one comment. */
export function InboxTable({ rows }: { rows: InboxRow[] }) {
  const t = useTranslations("approvals-ui");
  const format = useFormatter();
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const selected = stillListed(ticked, rows);
  const [state, act, pending] = useActionState<BulkState, FormData>(bulkApproveAction, { decided: 0, refused: [], error: null });
  // The comment is emptied only when every request took it; after a refusal it stays for another try.
  const form = useResetOnDone(state.decided > 0 && state.refused.length === 0 && !state.error ? state : null);
  const toggle = (id: string) =>
    setTicked((s) => {
      const next = stillListed(s, rows);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = rows.length > 0 && selected.size === rows.length;
  const titleOf = new Map(rows.map((r) => [r.id, r.title]));

  return (
    <div className="grid gap-4">
      {state.decided > 0 && (
        <Alert role="status">
          <CheckCheckIcon className="text-success" />
          <AlertDescription>{t("bulk.done", { count: state.decided })}</AlertDescription>
        </Alert>
      )}
      {state.error && <DecisionError error={state.error} />}
      {state.refused.map((r) => (
        <DecisionError key={r.approvalId} error={r.error} title={titleOf.get(r.approvalId) ?? t("bulk.gone")} />
      ))}
      {rows.length === 0 ? (
        <EmptyState icon={InboxIcon} title={t("inbox.emptyTitle")} body={t("inbox.emptyBody")} />
      ) : (
        <form ref={form} onSubmit={submitKeepingInput(act)} className="grid gap-4">
          <div className="bg-card overflow-hidden rounded-xl border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead className="w-10 pl-4">
                    <input
                      type="checkbox"
                      className="size-4 accent-[var(--primary)]"
                      aria-label={t("bulk.selectAll")}
                      checked={allSelected}
                      onChange={() => setTicked(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                    />
                  </TableHead>
                  <TableHead>{t("inbox.request")}</TableHead>
                  <TableHead>{t("inbox.kind")}</TableHead>
                  <TableHead className="text-right">{t("inbox.records")}</TableHead>
                  <TableHead className="text-right">{t("inbox.total")}</TableHead>
                  <TableHead>{t("inbox.requester")}</TableHead>
                  <TableHead>{t("inbox.submitted")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={r.id} data-state={selected.has(r.id) ? "selected" : undefined}>
                    <TableCell className="pl-4">
                      <input
                        type="checkbox"
                        name="approvalId"
                        value={r.id}
                        className="size-4 accent-[var(--primary)]"
                        aria-label={t("bulk.select", { title: r.title })}
                        checked={selected.has(r.id)}
                        onChange={() => toggle(r.id)}
                      />
                    </TableCell>
                    <TableCell>
                      <RequestTitle id={r.id} title={r.title} fondsCode={r.fondsCode} />
                    </TableCell>
                    <TableCell>
                      <KindBadge kind={r.kind} />
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {r.records ?? "—"}
                      <HeldBackNote count={r.heldBack ?? 0} />
                    </TableCell>
                    <TableCell className="text-right font-mono tabular-nums">{r.total ? `¥${formatDecimal(r.total, 2, { grouping: true })}` : "—"}</TableCell>
                    <TableCell>{r.requesterName}</TableCell>
                    <TableCell className="text-muted-foreground whitespace-nowrap">{format.dateTime(r.createdAt, { dateStyle: "medium", timeStyle: "short" })}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <div className="bg-card grid gap-3 rounded-xl border p-4 md:grid-cols-[1fr_auto] md:items-end">
            <div className="grid gap-2">
              <Label htmlFor="bulk-comment">{t("bulk.comment")}</Label>
              <Textarea id="bulk-comment" name="comment" rows={2} maxLength={2000} placeholder={t("bulk.commentPlaceholder")} disabled={pending} />
            </div>
            <Button type="submit" disabled={pending || selected.size === 0}>
              <CheckCheckIcon aria-hidden />
              {pending ? t("bulk.submitting") : t("bulk.approve", { count: selected.size })}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
