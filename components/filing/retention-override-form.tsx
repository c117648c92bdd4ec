"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { submitKeepingInput } from "@/components/admin/submit-keeping-input";
import { FormMessage } from "@/components/filing/form-message";
import { Button } from "@/components/ui/button";
import { RETENTIONS, type Retention } from "@/lib/archive/retention/schedules";

const SELECT = "border-input bg-background h-8 rounded-md border px-2 text-sm shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50";

export interface RetentionOverrideFormProps {
  fondsId: string;
  materialType: string;
  name: string;
  legal: Retention;
  override: Retention | null;
  action: (prev: DoneState, form: FormData) => Promise<DoneState>;
}

/**
 * The fonds' term for one material type. Every term is offered; the service keeps the legal minimum
 * (79号令 Art. 14: periods may be lengthened, never shortened) and a refusal is shown in words here.
 */
export function RetentionOverrideForm({ fondsId, materialType, name, legal, override, action }: RetentionOverrideFormProps) {
  const t = useTranslations();
  const [state, act, pending] = useActionState<DoneState, FormData>(action, initialFormState);
  // Not emptied after a save either: the term chosen is the one now stored, while a form reset would go
  // back to the term the page first loaded with (React never moves a select's default after mounting).
  return (
    <form onSubmit={submitKeepingInput(act)} className="grid gap-1.5">
      <input type="hidden" name="fondsId" value={fondsId} />
      <input type="hidden" name="materialType" value={materialType} />
      <div className="flex items-center gap-2">
        <select name="retention" defaultValue={override ?? ""} className={SELECT} aria-label={t("rules-ui.retention.choose", { name })} disabled={pending}>
          <option value="">{t("rules-ui.retention.legalOption", { term: t(`common.retention.${legal}`) })}</option>
          {RETENTIONS.map((r) => (
            <option key={r} value={r}>
              {t(`common.retention.${r}`)}
            </option>
          ))}
        </select>
        <Button type="submit" size="sm" variant="outline" disabled={pending} aria-label={t("rules-ui.retention.save", { name })}>
          {t("common.actions.save")}
        </Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
