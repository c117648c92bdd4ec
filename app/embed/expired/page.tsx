import { getTranslations } from "next-intl/server";
import { LinkIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { pageTitle } from "@/app/_server/page-title";

const REASONS = new Set(["embed.token_invalid", "embed.token_used", "embed.next_invalid", "embed.session_missing"]);

export const generateMetadata = pageTitle("embed.expired.title");

/** Where a refused launch link or a lapsed frame session lands: what happened, and what to do. */
export default async function EmbedExpiredPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const t = await getTranslations();
  const code = reason && REASONS.has(reason) ? reason : "embed.session_missing";
  return (
    <Alert variant="warning" className="mx-auto mt-8 max-w-xl">
      <LinkIcon />
      <AlertTitle>{t("embed.expired.title")}</AlertTitle>
      <AlertDescription>
        <p>{t(code)}</p>
        <p>{t("embed.expired.action")}</p>
      </AlertDescription>
    </Alert>
  );
}
