"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { CheckIcon, CopyIcon, KeyRoundIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Shows a freshly issued API key once, with a copy button and the warning that it will not be shown again. */
export function ApiKeyReveal({ connectorName, apiKey, onDismiss }: { connectorName: string; apiKey: string; onDismiss: () => void }) {
  const t = useTranslations("admin.connectors.key");
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(apiKey);
    setCopied(true);
  };
  return (
    <Alert variant="warning" data-testid="api-key-reveal">
      <KeyRoundIcon />
      <AlertTitle>{t("title")}</AlertTitle>
      <AlertDescription className="text-current">
        <p>{t("for", { name: connectorName })}</p>
        <div className="flex w-full flex-wrap items-center gap-2">
          <code aria-label={t("title")} className="bg-card text-foreground min-w-0 flex-1 rounded border px-2 py-1.5 font-mono text-xs break-all select-all">
            {apiKey}
          </code>
          <Button type="button" size="sm" variant="outline" onClick={copy}>
            {copied ? <CheckIcon aria-hidden /> : <CopyIcon aria-hidden />}
            {copied ? t("copied") : t("copy")}
          </Button>
        </div>
        <p className="font-medium">{t("warning")}</p>
        <Button type="button" size="sm" onClick={onDismiss}>
          {t("dismiss")}
        </Button>
      </AlertDescription>
    </Alert>
  );
}
