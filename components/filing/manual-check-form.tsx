"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ClipboardCheckIcon } from "lucide-react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { useResetOnDone } from "@/components/admin/form-outcome";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { FormMessage } from "@/components/filing/form-message";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

const SELECT = "border-input bg-background h-8 rounded-md border px-2 text-sm shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50";

export interface ManualCheckFormProps {
  runId: string;
  code: string;
  /** Absent for an item decided for the whole batch. */
  recordId?: string;
  /** Names the item (and record) in the controls' accessible labels. */
  subject: string;
  action: (prev: DoneState, form: FormData) => Promise<DoneState>;
}

/** Records a person's result for an item software cannot decide (DA/T 70 2-7, 3-4, 3-6, 4-7…). */
export function ManualCheckForm({ runId, code, recordId, subject, action }: ManualCheckFormProps) {
  const t = useTranslations();
  const [state, act, pending] = useActionState<DoneState, FormData>(action, initialFormState);
  const form = useResetOnDone(state.done);
  return (
    <form ref={form} onSubmit={submitKeepingInput(act)} className="bg-muted/40 mt-2 grid gap-2 rounded-md p-2" aria-label={t("filing-ui.report.manual.title")}>
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="code" value={code} />
      {recordId && <input type="hidden" name="recordId" value={recordId} />}
      <div className="flex flex-wrap items-center gap-2">
        <select name="outcome" defaultValue="pass" className={SELECT} aria-label={t("filing-ui.report.manual.outcomeFor", { subject })} disabled={pending}>
          {(["pass", "warning", "fail"] as const).map((o) => (
            <option key={o} value={o}>
              {t(`archive.check.outcome.${o}`)}
            </option>
          ))}
        </select>
        <Input
          name="note"
          maxLength={1000}
          className="h-8 min-w-[12rem] flex-1 text-sm"
          placeholder={t("filing-ui.report.manual.notePlaceholder")}
          aria-label={t("filing-ui.report.manual.noteFor", { subject })}
          disabled={pending}
        />
        <Button type="submit" size="sm" variant="outline" disabled={pending} aria-label={t("filing-ui.report.manual.recordFor", { subject })}>
          <ClipboardCheckIcon aria-hidden />
          {t("filing-ui.report.manual.record")}
        </Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
