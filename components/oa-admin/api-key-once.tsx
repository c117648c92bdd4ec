"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRef } from "react";
import { KeyRoundIcon } from "lucide-react";
import { CopyButton } from "@/components/admin/copy-button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * The OA server's key, shown this once: only its hash is stored, so it cannot be shown again. After a
 * creation "continue" opens the new connector; on the connector's own page (`onDismiss`) it closes the notice.
 */
export function ApiKeyOnce({ apiKey, connectorId, onDismiss }: { apiKey: string; connectorId: string; onDismiss?: () => void }) {
  const t = useTranslations("oa-ui.key");
  const code = useRef<HTMLElement>(null);
  return (
    <Alert>
      <KeyRoundIcon />
      <AlertTitle>{t("title")}</AlertTitle>
      <AlertDescription>
        <p>{t("once")}</p>
        <div className="flex w-full flex-wrap items-center gap-2">
          <code ref={code} className="bg-muted block min-w-0 flex-1 rounded px-3 py-2 font-mono text-xs break-all select-all" data-testid="oa-api-key">
            {apiKey}
          </code>
          <CopyButton text={apiKey} target={code} labels={{ copy: t("copy"), copied: t("copied"), failed: t("copyFailed") }} />
        </div>
        {onDismiss ? (
          <Button type="button" variant="outline" size="sm" className="mt-2" onClick={onDismiss}>
            {t("continue")}
          </Button>
        ) : (
          <Button asChild variant="outline" size="sm" className="mt-2">
            <Link href={`/admin/oa/${connectorId}`}>{t("continue")}</Link>
          </Button>
        )}
      </AlertDescription>
    </Alert>
  );
}
