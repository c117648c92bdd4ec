import { useLocale, useTranslations } from "next-intl";
import { AlertCircleIcon, CheckCircle2Icon } from "lucide-react";
import type { DoneState } from "@/app/(app)/filing/done-state";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { wordRetentionParams } from "@/lib/archive/retention/word-params";

/** The outcome of a server action in words: the refused code translated, or the confirmation. */
export function FormMessage({ state }: { state: DoneState }) {
  const t = useTranslations();
  const locale = useLocale();
  if (state.error) {
    const fields = Object.entries(state.error.fields ?? {});
    return (
      <Alert variant="destructive" role="alert">
        <AlertCircleIcon />
        <AlertDescription>
          <p>{t(state.error.code, wordRetentionParams(state.error.params, locale, t))}</p>
          {fields.length > 0 && (
            <ul className="mt-1 list-disc pl-4">
              {fields.map(([field, code]) => (
                <li key={field}>
                  <span className="font-mono text-xs">{field}</span>: {t(code)}
                </li>
              ))}
            </ul>
          )}
        </AlertDescription>
      </Alert>
    );
  }
  if (state.done) {
    return (
      <Alert role="status">
        <CheckCircle2Icon className="text-success" />
        <AlertDescription>{t(state.done.key, state.done.params)}</AlertDescription>
      </Alert>
    );
  }
  return null;
}
