"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { CheckIcon } from "lucide-react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { FormMessage } from "@/components/filing/form-message";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";

/** Marks one alert resolved with what was done about it; a refusal keeps the note typed. */
export function ResolveAlertForm({ alertId, subject, action }: { alertId: string; subject: string; action: (prev: DoneState, form: FormData) => Promise<DoneState> }) {
  const t = useTranslations("alerts-ui.resolve");
  const [state, act, pending] = useActionState<DoneState, FormData>(action, initialFormState);
  if (state.done) return <FormMessage state={state} />;
  return (
    <details className="group">
      <summary className="text-primary cursor-pointer text-sm font-medium select-none">{t("open")}</summary>
      <form onSubmit={submitKeepingInput(act)} className="mt-2 grid gap-2" aria-label={t("title", { subject })}>
        <input type="hidden" name="alertId" value={alertId} />
        <Textarea name="note" required maxLength={2000} rows={2} placeholder={t("notePlaceholder")} aria-label={t("noteFor", { subject })} disabled={pending} />
        <div>
          <Button type="submit" size="sm" disabled={pending}>
            <CheckIcon aria-hidden />
            {t("submit")}
          </Button>
        </div>
        <FormMessage state={state} />
      </form>
    </details>
  );
}
