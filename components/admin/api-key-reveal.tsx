"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { KeyRoundIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "./copy-button";

/** Shows a freshly issued API key once, with a copy button and the warning that it will not be shown again. */
export function ApiKeyReveal({ connectorName, apiKey, onDismiss }: { connectorName: string; apiKey: string; onDismiss: () => void }) {
  const t = useTranslations("admin.connectors.key");
  const code = useRef<HTMLElement>(null);
  return (
    <Alert variant="warning" data-testid="api-key-reveal">
      <KeyRoundIcon />
      <AlertTitle>{t("title")}</AlertTitle>
      <AlertDescription className="text-current">
        <p>{t("for", { name: connectorName })}</p>
        <div className="flex w-full flex-wrap items-center gap-2">
          <code ref={code} aria-label={t("title")} className="bg-card text-foreground min-w-0 flex-1 rounded border px-2 py-1.5 font-mono text-xs break-all select-all">
            {apiKey}
          </code>
          <CopyButton text={apiKey} target={code} labels={{ copy: t("copy"), copied: t("copied"), failed: t("copyFailed") }} />
        </div>
        <p className="font-medium">{t("warning")}</p>
        <Button type="button" size="sm" onClick={onDismiss}>
          {t("dismiss")}
        </Button>
      </AlertDescription>
    </Alert>
  );
}
