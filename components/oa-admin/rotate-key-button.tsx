"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { KeyState } from "@/app/(app)/admin/oa/actions";
import { initialFormState } from "@/app/_server/form-state";
import { errorText } from "@/components/admin/error-text";
import { Button } from "@/components/ui/button";
import { ApiKeyOnce } from "./api-key-once";

/** Issues a new key for the OA's server; the old one stops working at once, so it asks first. */
export function RotateKeyButton({ id, name, action }: { id: string; name: string; action: (state: KeyState, form: FormData) => Promise<KeyState> }) {
  const t = useTranslations("oa-ui.key");
  const tr = useTranslations();
  const [state, act, pending] = useActionState<KeyState, FormData>(action, initialFormState);
  const [dismissed, setDismissed] = useState<string | null>(null);
  // Dismissed here: a link to this very page kept the notice, and "continue" seemed to do nothing.
  const key = state.done?.apiKey;
  if (key && key !== dismissed) return <ApiKeyOnce apiKey={key} connectorId={id} onDismiss={() => setDismissed(key)} />;
  return (
    <form
      action={act}
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        if (!window.confirm(t("rotateConfirm", { name }))) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="sm" variant="outline" disabled={pending}>
        {t("rotate")}
      </Button>
      {state.error && (
        <span role="alert" className="text-destructive text-xs">
          {errorText(tr, state.error)}
        </span>
      )}
    </form>
  );
}
