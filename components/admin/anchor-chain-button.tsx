"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useActionState } from "react";
import { AlertCircleIcon, AnchorIcon } from "lucide-react";
import { anchorChainAction } from "@/app/(app)/admin/audit/actions";
import { type FormState, initialFormState } from "@/app/_server/form-state";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { AnchorOutcome } from "@/lib/audit/anchor-audit-chain";

/** The audit administrator's "anchor now" (ADR 0018), beside the hourly anchors the worker writes. */
export function AnchorChainButton() {
  const t = useTranslations();
  const format = useFormatter();
  const [state, act, pending] = useActionState<FormState<AnchorOutcome>, FormData>(anchorChainAction, initialFormState);
  const done = state.done;
  return (
    <div className="grid gap-3">
      <form action={act}>
        <Button type="submit" variant="outline" disabled={pending}>
          <AnchorIcon aria-hidden />
          {pending ? t("admin.audit.verify.anchor.running") : t("admin.audit.verify.anchor.button")}
        </Button>
      </form>
      <div aria-live="polite" data-testid="anchor-outcome">
        {state.error && (
          <Alert variant="destructive">
            <AlertCircleIcon />
            <AlertDescription>{t(state.error.code, state.error.params)}</AlertDescription>
          </Alert>
        )}
        {done && (
          <Alert>
            <AnchorIcon />
            <AlertDescription>
              {done.written
                ? t("admin.audit.verify.anchor.written", { seq: done.anchor.seq, entryId: done.anchor.entryId, count: format.number(done.anchor.entryCount) })
                : t(`admin.audit.verify.anchor.${done.reason}`)}
            </AlertDescription>
          </Alert>
        )}
      </div>
    </div>
  );
}
