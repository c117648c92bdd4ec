import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <main className="flex min-h-[70vh] items-center justify-center px-6">
      <div className="max-w-md text-center">
        <p className="text-muted-foreground font-mono text-sm">404</p>
        <h1 className="mt-1 text-2xl font-semibold">{t("notFound.title")}</h1>
        <p className="text-muted-foreground mt-3 text-sm">{t("notFound.body")}</p>
        <Button asChild className="mt-8">
          <Link href="/">{t("forbidden.home")}</Link>
        </Button>
      </div>
    </main>
  );
}
