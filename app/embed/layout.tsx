import { getTranslations } from "next-intl/server";
import { ArchiveIcon } from "lucide-react";

// No Acta chrome: the OA frames these pages inside its own screens. A thin strip says whose archive it is.
export default async function EmbedLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("embed");
  return (
    <div className="bg-background min-h-screen">
      <div className="text-muted-foreground flex items-center gap-2 border-b px-4 py-2 text-xs">
        <ArchiveIcon className="size-3.5" aria-hidden />
        <span>{t("brand")}</span>
      </div>
      <main className="mx-auto max-w-5xl p-4">{children}</main>
    </div>
  );
}
