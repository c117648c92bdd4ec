"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { decideAction } from "@/app/(app)/approvals/actions";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { useResetOnDone } from "@/components/admin/form-outcome";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { DecisionControls } from "@/components/approvals/decision-controls";
import { DecisionError } from "@/components/approvals/decision-error";
import { FormMessage } from "@/components/filing/form-message";

/**
 * Approve or reject one request with a comment; a refusal (decided elsewhere meanwhile) is worded. Once the
 * request is no longer open to the viewer (`open` false, e.g. right after their own decision refreshed the
 * page, or it is their own request), only the outcome of their last action and a note saying why remain.
 */
export function DecisionForm({ approvalId, open, ownRequest = false }: { approvalId: string; open: boolean; ownRequest?: boolean }) {
  const t = useTranslations("approvals-ui.decide");
  const [state, act, pending] = useActionState<DoneState, FormData>(decideAction, initialFormState);
  const form = useResetOnDone(state.done);
  if (!open) {
    return (
      <div className="grid gap-3">
        {state.error ? <DecisionError error={state.error} /> : <FormMessage state={state} />}
        <p className="text-muted-foreground text-sm">{t(ownRequest ? "ownRequest" : "closed")}</p>
      </div>
    );
  }
  return (
    <form ref={form} onSubmit={submitKeepingInput(act)} className="grid gap-3">
      <input type="hidden" name="approvalId" value={approvalId} />
      {state.error ? <DecisionError error={state.error} /> : <FormMessage state={state} />}
      <DecisionControls commentId="decision-comment" pending={pending} />
      <p className="text-muted-foreground text-xs">{t("hint")}</p>
    </form>
  );
}
