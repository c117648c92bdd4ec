"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { KeyRoundIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** The OA server's key, shown this once: only its hash is stored, so it cannot be shown again. */
export function ApiKeyOnce({ apiKey, connectorId }: { apiKey: string; connectorId: string }) {
  const t = useTranslations("oa-ui.key");
  return (
    <Alert>
      <KeyRoundIcon />
      <AlertTitle>{t("title")}</AlertTitle>
      <AlertDescription>
        <p>{t("once")}</p>
        <code className="bg-muted block w-full rounded px-3 py-2 font-mono text-xs break-all select-all" data-testid="oa-api-key">
          {apiKey}
        </code>
        <Button asChild variant="outline" size="sm" className="mt-2">
          <Link href={`/admin/oa/${connectorId}`}>{t("continue")}</Link>
        </Button>
      </AlertDescription>
    </Alert>
  );
}
