"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { DecisionControls } from "@/components/approvals/decision-controls";
import { DecisionError } from "@/components/approvals/decision-error";
import { FormMessage } from "@/components/filing/form-message";

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
    <form onSubmit={submitKeepingInput(act)} className="grid gap-3" aria-label={t("title")}>
      <input type="hidden" name="approvalId" value={approvalId} />
      {state.error && <DecisionError error={state.error} />}
      <DecisionControls commentId="embed-comment" pending={pending} compact />
    </form>
  );
}
