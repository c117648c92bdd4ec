"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("common");
  return (
    <main className="flex min-h-[60vh] items-center justify-center px-6">
      <div className="max-w-md text-center">
        <h1 className="text-2xl font-semibold">{t("error.title")}</h1>
        <p className="text-muted-foreground mt-3 text-sm">{t("error.body")}</p>
        <Button className="mt-8" onClick={reset}>
          {t("actions.retry")}
        </Button>
      </div>
    </main>
  );
}
