"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { FormState } from "@/app/_server/form-state";
import { initialFormState } from "@/app/_server/form-state";
import { FormSubmit } from "@/components/admin/form-field";
import { FormOutcome } from "@/components/admin/form-outcome";

type EndSessionsState = FormState<{ username: string }>;

/**
 * One button that signs a user out on every device: the user's own (the action then signs this browser
 * out too) or, for the system administrator, another user's (userId given).
 */
export function EndSessionsForm({ action, userId }: { action: (state: EndSessionsState, form: FormData) => Promise<EndSessionsState>; userId?: string }) {
  const t = useTranslations("account.sessions");
  const [state, act, pending] = useActionState<EndSessionsState, FormData>(action, initialFormState);
  return (
    <form action={act} className="grid gap-4" aria-label={t(userId ? "admin.submit" : "submit")}>
      <FormOutcome error={state.error} done={state.done && t("admin.done", { username: state.done.username })} />
      {userId && <input type="hidden" name="userId" value={userId} />}
      <FormSubmit pending={pending} label={t(userId ? "admin.submit" : "submit")} pendingLabel={t("submitting")} variant="outline" />
    </form>
  );
}
