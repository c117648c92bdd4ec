"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { setUserActiveAction } from "@/app/(app)/admin/users/actions";
import { type FormState, initialFormState } from "@/app/_server/form-state";
import { Button } from "@/components/ui/button";

/** Deactivate or reactivate one account; the refusal (e.g. one's own account) is shown beside the button. */
export function UserActiveButton({ userId, username, active }: { userId: string; username: string; active: boolean }) {
  const t = useTranslations();
  const [state, act, pending] = useActionState<FormState, FormData>(setUserActiveAction, initialFormState);
  const label = active ? t("admin.users.deactivate") : t("admin.users.reactivate");
  return (
    <form action={act} className="flex items-center justify-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      {state.error && (
        <span role="alert" className="text-destructive text-xs">
          {t(state.error.code, state.error.params)}
        </span>
      )}
      <Button type="submit" size="sm" variant={active ? "outline" : "secondary"} disabled={pending} aria-label={`${label} ${username}`}>
        {label}
      </Button>
    </form>
  );
}
