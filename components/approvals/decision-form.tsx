"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { CheckIcon, XIcon } from "lucide-react";
import { decideAction } from "@/app/(app)/approvals/actions";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { DecisionError } from "@/components/approvals/decision-error";
import { FormMessage } from "@/components/filing/form-message";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

/**
 * Approve or reject one request with a comment; a refusal (decided elsewhere meanwhile) is worded. Once the
 * request is no longer open to the viewer (`open` false, e.g. right after their own decision refreshed the
 * page), only the outcome of their last action and a closing note remain.
 */
export function DecisionForm({ approvalId, open }: { approvalId: string; open: boolean }) {
  const t = useTranslations("approvals-ui.decide");
  const [state, act, pending] = useActionState<DoneState, FormData>(decideAction, initialFormState);
  if (!open) {
    return (
      <div className="grid gap-3">
        {state.error ? <DecisionError error={state.error} /> : <FormMessage state={state} />}
        <p className="text-muted-foreground text-sm">{t("closed")}</p>
      </div>
    );
  }
  return (
    <form action={act} className="grid gap-3">
      <input type="hidden" name="approvalId" value={approvalId} />
      {state.error ? <DecisionError error={state.error} /> : <FormMessage state={state} />}
      <div className="grid gap-2">
        <Label htmlFor="decision-comment">{t("comment")}</Label>
        <Textarea id="decision-comment" name="comment" rows={3} maxLength={2000} placeholder={t("commentPlaceholder")} disabled={pending} />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="decision" value="approve" disabled={pending}>
          <CheckIcon aria-hidden />
          {t("approve")}
        </Button>
        <Button type="submit" name="decision" value="reject" variant="outline" className="text-destructive" disabled={pending}>
          <XIcon aria-hidden />
          {t("reject")}
        </Button>
      </div>
      <p className="text-muted-foreground text-xs">{t("hint")}</p>
    </form>
  );
}
