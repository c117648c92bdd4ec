"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { AlertCircleIcon, CheckCircle2Icon } from "lucide-react";
import type { FormState } from "@/app/_server/form-state";
import { Alert, AlertDescription } from "@/components/ui/alert";

/** A form-level refusal in words (field errors sit under their fields), and what was done once it succeeded. */
export function FormOutcome({ error, done }: { error: FormState["error"]; done?: string | null }) {
  const t = useTranslations();
  return (
    <>
      {error && !error.fields && (
        <Alert variant="destructive" aria-live="assertive">
          <AlertCircleIcon />
          <AlertDescription>{t(error.code, error.params)}</AlertDescription>
        </Alert>
      )}
      {done && (
        <Alert aria-live="polite">
          <CheckCircle2Icon className="text-success" />
          <AlertDescription>{done}</AlertDescription>
        </Alert>
      )}
    </>
  );
}

/** A form that empties after each success, ready for the next entry; a refused one keeps what was typed. */
export function useResetOnDone(done: unknown) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (done) form.current?.reset();
  }, [done]);
  return form;
}
