"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { UndoIcon } from "lucide-react";
import { withdrawAction } from "@/app/(app)/approvals/actions";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { DecisionError } from "@/components/approvals/decision-error";
import { FormMessage } from "@/components/filing/form-message";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

/**
 * 撤回申请: one button that first asks for confirmation (what withdrawing undoes) and an optional reason.
 * A refusal (decided or withdrawn meanwhile, here or in the OA) is worded like a refused decision. Once the
 * request is no longer open (`open` false, e.g. right after the withdrawal refreshed the page), only the
 * outcome remains.
 */
export function WithdrawForm({ approvalId, open }: { approvalId: string; open: boolean }) {
  const t = useTranslations("approvals-ui.withdraw");
  const [state, act, pending] = useActionState<DoneState, FormData>(withdrawAction, initialFormState);
  const [confirming, setConfirming] = useState(false);
  const message = state.error ? <DecisionError error={state.error} /> : <FormMessage state={state} />;
  if (!open) return message;
  if (!confirming) {
    return (
      <div className="grid gap-3">
        {message}
        <p className="text-muted-foreground text-sm">{t("hint")}</p>
        <Button type="button" variant="outline" className="w-fit" onClick={() => setConfirming(true)}>
          <UndoIcon aria-hidden />
          {t("open")}
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={submitKeepingInput(act)} className="grid gap-3" aria-labelledby="withdraw-confirm-title">
      <input type="hidden" name="approvalId" value={approvalId} />
      {message}
      <p id="withdraw-confirm-title" className="font-medium">
        {t("confirmTitle")}
      </p>
      <p className="text-muted-foreground text-sm">{t("confirmBody")}</p>
      <div className="grid gap-2">
        <Label htmlFor="withdraw-reason">{t("reason")}</Label>
        <Textarea id="withdraw-reason" name="reason" rows={2} maxLength={2000} placeholder={t("reasonPlaceholder")} disabled={pending} />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="destructive" disabled={pending}>
          <UndoIcon aria-hidden />
          {t("confirm")}
        </Button>
        <Button type="button" variant="ghost" disabled={pending} onClick={() => setConfirming(false)}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}
