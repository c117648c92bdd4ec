"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { RotateCwIcon } from "lucide-react";
import { type IssuedKey, rotateKeyAction } from "@/app/(app)/admin/connectors/actions";
import { type FormState, initialFormState } from "@/app/_server/form-state";
import { Button } from "@/components/ui/button";
import { ApiKeyReveal } from "./api-key-reveal";
import { ROTATED_KEY_SLOT } from "./rotated-key-slot";

export function RotateKeyButton({ connectorId, connectorName }: { connectorId: string; connectorName: string }) {
  const t = useTranslations();
  const [state, act, pending] = useActionState<FormState<IssuedKey>, FormData>(rotateKeyAction, initialFormState);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const reveal = useRef<HTMLDivElement>(null);
  const shown = state.done && dismissed !== state.done.apiKey ? state.done : null;
  useEffect(() => {
    if (shown) reveal.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [shown]);
  // Only after a rotation, so always in the browser. Shown above the table: inside this row's action cell
  // the key widened the table past the window and pushed its copy button out of sight.
  const card = shown && (
    <div ref={reveal} className="w-full text-left">
      <ApiKeyReveal {...shown} onDismiss={() => setDismissed(shown.apiKey)} />
    </div>
  );
  const slot = card ? document.getElementById(ROTATED_KEY_SLOT) : null;
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
      {card && (slot ? createPortal(card, slot) : card)}
    </div>
  );
}
