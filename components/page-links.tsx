import Link from "next/link";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/**
 * Previous and next as plain links under a server-paged list, with where the reader is: they work without
 * script (in an OA's frame too) and `href` may bring the reader back to the list's anchor.
 */
export function PageLinks({ page, pages, from, to, count, href }: { page: number; pages: number; from: number; to: number; count: number; href: (page: number) => string }) {
  const t = useTranslations("common.pagination");
  if (pages <= 1) return null;
  return (
    <nav className="flex flex-wrap items-center justify-between gap-3 text-sm" aria-label={t("label")}>
      <span className="text-muted-foreground tabular-nums">{t("shown", { from: from + 1, to, count })}</span>
      <div className="flex items-center gap-2">
        <PageLink href={href(page - 1)} disabled={page <= 1} label={t("previous")} />
        <span className="tabular-nums">{t("page", { page, pages })}</span>
        <PageLink href={href(page + 1)} disabled={page >= pages} label={t("next")} />
      </div>
    </nav>
  );
}

function PageLink({ href, disabled, label }: { href: string; disabled: boolean; label: string }) {
  if (disabled) {
    return (
      <Button variant="outline" size="sm" disabled>
        {label}
      </Button>
    );
  }
  return (
    <Button asChild variant="outline" size="sm">
      <Link href={href}>{label}</Link>
    </Button>
  );
}
