import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ShieldAlertIcon } from "lucide-react";
import { Button } from "@/components/ui/button";

export default async function Forbidden() {
  const t = await getTranslations("common.forbidden");
  return (
    <main className="flex min-h-[70vh] items-center justify-center px-6">
      <div className="max-w-md text-center">
        <div className="bg-destructive/10 text-destructive mx-auto flex size-14 items-center justify-center rounded-full">
          <ShieldAlertIcon className="size-7" aria-hidden />
        </div>
        <p className="text-muted-foreground mt-6 font-mono text-sm">403</p>
        <h1 className="mt-1 text-2xl font-semibold">{t("title")}</h1>
        <p className="text-muted-foreground mt-3 text-sm leading-relaxed">{t("body")}</p>
        <Button asChild className="mt-8">
          <Link href="/">{t("home")}</Link>
        </Button>
      </div>
    </main>
  );
}
