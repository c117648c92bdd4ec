"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { RotateCwIcon } from "lucide-react";
import { type IssuedKey, rotateKeyAction } from "@/app/(app)/admin/connectors/actions";
import { type FormState, initialFormState } from "@/app/_server/form-state";
import { Button } from "@/components/ui/button";
import { ApiKeyReveal } from "./api-key-reveal";

export function RotateKeyButton({ connectorId, connectorName }: { connectorId: string; connectorName: string }) {
  const t = useTranslations();
  const [state, act, pending] = useActionState<FormState<IssuedKey>, FormData>(rotateKeyAction, initialFormState);
  const [dismissed, setDismissed] = useState<string | null>(null);
  return (
    <div className="grid justify-items-end gap-2">
      <form
        action={act}
        onSubmit={(e) => {
          if (!window.confirm(t("admin.connectors.rotateConfirm", { name: connectorName }))) e.preventDefault();
        }}
      >
        <input type="hidden" name="connectorId" value={connectorId} />
        <input type="hidden" name="connectorName" value={connectorName} />
        <Button type="submit" size="sm" variant="outline" disabled={pending} aria-label={`${t("admin.connectors.rotate")} ${connectorName}`}>
          <RotateCwIcon aria-hidden />
          {pending ? t("admin.connectors.rotating") : t("admin.connectors.rotate")}
        </Button>
      </form>
      {state.error && (
        <span role="alert" className="text-destructive text-xs">
          {t(state.error.code, state.error.params)}
        </span>
      )}
      {state.done && dismissed !== state.done.apiKey && (
        <div className="w-full max-w-xl text-left">
          <ApiKeyReveal {...state.done} onDismiss={() => setDismissed(state.done!.apiKey)} />
        </div>
      )}
    </div>
  );
}
