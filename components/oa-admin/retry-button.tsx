"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { RotateCwIcon } from "lucide-react";
import type { DoneState } from "@/app/(app)/admin/oa/actions";
import { initialFormState } from "@/app/_server/form-state";
import { errorText } from "@/components/admin/error-text";
import { Button } from "@/components/ui/button";

/** Sends a dead message to the OA again (audited). */
export function RetryButton({ id, action }: { id: string; action: (state: DoneState, form: FormData) => Promise<DoneState> }) {
  const t = useTranslations("oa-ui.outbox");
  const tr = useTranslations();
  const [state, act, pending] = useActionState<DoneState, FormData>(action, initialFormState);
  return (
    <form action={act} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="sm" variant="outline" disabled={pending || Boolean(state.done)}>
        <RotateCwIcon aria-hidden />
        {state.done ? t("queued") : t("retry")}
      </Button>
      {state.error && <span className="text-destructive text-xs">{errorText(tr, state.error)}</span>}
    </form>
  );
}
