"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { KeyState } from "@/app/(app)/admin/oa/actions";
import { initialFormState } from "@/app/_server/form-state";
import { Button } from "@/components/ui/button";
import { ApiKeyOnce } from "./api-key-once";

/** Issues a new key for the OA's server; the old one stops working at once. */
export function RotateKeyButton({ id, action }: { id: string; action: (state: KeyState, form: FormData) => Promise<KeyState> }) {
  const t = useTranslations("oa-ui.key");
  const [state, act, pending] = useActionState<KeyState, FormData>(action, initialFormState);
  if (state.done?.apiKey) return <ApiKeyOnce apiKey={state.done.apiKey} connectorId={id} />;
  return (
    <form action={act}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="sm" variant="outline" disabled={pending}>
        {t("rotate")}
      </Button>
    </form>
  );
}
