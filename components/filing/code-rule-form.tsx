"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { SaveIcon } from "lucide-react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { initialFormState } from "@/app/_server/form-state";
import { FormMessage } from "@/components/filing/form-message";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { exampleCode } from "@/lib/archive/codes/render-code";
import { parseTemplate } from "@/lib/archive/codes/template";
import type { RecordCategory } from "@/lib/archive/retention/schedules";

export interface CodeRuleFormProps {
  fondsId: string;
  category: RecordCategory;
  template: string;
  isDefault: boolean;
  action: (prev: DoneState, form: FormData) => Promise<DoneState>;
}

/**
 * One category's archival-code template, with the sample code recomputed as the archivist types (the same
 * parser the server validates with on save, so the preview never promises what saving refuses).
 */
export function CodeRuleForm({ fondsId, category, template, isDefault, action }: CodeRuleFormProps) {
  const t = useTranslations();
  const [text, setText] = useState(template);
  const [state, act, pending] = useActionState<DoneState, FormData>(action, initialFormState);
  const parsed = parseTemplate(text);
  const id = `code-rule-${category}`;
  return (
    <form action={act} className="grid gap-2">
      <input type="hidden" name="fondsId" value={fondsId} />
      <input type="hidden" name="category" value={category} />
      <Label htmlFor={id}>
        {t("rules-ui.codes.templateFor", { category: t(`common.categories.${category}`) })}
        {isDefault && <span className="text-muted-foreground text-xs font-normal">{t("rules-ui.codes.default")}</span>}
      </Label>
      <div className="flex flex-wrap gap-2">
        <Input
          id={id}
          name="template"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="min-w-[20rem] flex-1 font-mono"
          aria-invalid={parsed.ok ? undefined : true}
          aria-describedby={`${id}-preview`}
          spellCheck={false}
          disabled={pending}
        />
        <Button type="submit" disabled={pending || !parsed.ok || text === template}>
          <SaveIcon aria-hidden />
          {t("common.actions.save")}
        </Button>
      </div>
      <p id={`${id}-preview`} className="text-sm" aria-live="polite">
        {parsed.ok ? (
          <>
            <span className="text-muted-foreground">{t("rules-ui.codes.example")}</span> <code className="bg-muted rounded px-1.5 py-0.5 font-mono">{exampleCode(parsed.value, category)}</code>
          </>
        ) : (
          <span className="text-destructive">{t(parsed.error.code, parsed.error.params)}</span>
        )}
      </p>
      <FormMessage state={state} />
    </form>
  );
}
