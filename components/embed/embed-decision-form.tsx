"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { CheckIcon, XIcon } from "lucide-react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { DecisionError } from "@/components/approvals/decision-error";
import { FormMessage } from "@/components/filing/form-message";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

/**
 * Approve or reject inside the OA's frame. The inbox's DecisionForm is bound to the main session's
 * action; this one posts to the frame session's action and stays compact for a narrow OA pane.
 */
export function EmbedDecisionForm({
  approvalId,
  action,
}: {
  approvalId: string;
  action: (state: DoneState, form: FormData) => Promise<DoneState>;
}) {
  const t = useTranslations("approvals-ui.decide");
  const [state, act, pending] = useActionState<DoneState, FormData>(action, initialFormState);
  if (state.done) return <FormMessage state={state} />;
  return (
    <form action={act} className="grid gap-3" aria-label={t("title")}>
      <input type="hidden" name="approvalId" value={approvalId} />
      {state.error && <DecisionError error={state.error} />}
      <Label htmlFor="embed-comment">{t("comment")}</Label>
      <Textarea id="embed-comment" name="comment" rows={2} maxLength={2000} placeholder={t("commentPlaceholder")} disabled={pending} />
      <div className="grid grid-cols-2 gap-2">
        <Button type="submit" name="decision" value="approve" disabled={pending}>
          <CheckIcon aria-hidden />
          {t("approve")}
        </Button>
        <Button type="submit" name="decision" value="reject" variant="outline" className="text-destructive" disabled={pending}>
          <XIcon aria-hidden />
          {t("reject")}
        </Button>
      </div>
    </form>
  );
}
