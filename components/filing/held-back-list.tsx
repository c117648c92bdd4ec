import { useTranslations } from "next-intl";
import { TriangleAlertIcon } from "lucide-react";

export interface HeldBackItem {
  id: string;
  label: string;
  reasons: { code: string; params?: Record<string, string | number> }[];
}

/** Records that a filing leaves out, each with its reasons in words (the failed DA/T 70 items). */
export function HeldBackList({ items }: { items: HeldBackItem[] }) {
  const t = useTranslations();
  if (items.length === 0) return <p className="text-muted-foreground text-sm">{t("filing-ui.heldBack.none")}</p>;
  return (
    <ul className="grid gap-2" aria-label={t("filing-ui.heldBack.title")}>
      {items.map((item) => (
        <li key={item.id} className="border-warning/40 bg-warning/5 rounded-lg border px-3 py-2 text-sm">
          <div className="flex items-center gap-2 font-medium">
            <TriangleAlertIcon className="size-4 text-[oklch(0.55_0.14_70)]" aria-hidden />
            {item.label}
          </div>
          <ul className="text-muted-foreground mt-1 list-disc pl-8">
            {item.reasons.map((r, i) => (
              <li key={i}>
                {r.params?.item !== undefined && <span className="text-foreground mr-1.5 font-mono text-xs">{r.params.item}</span>}
                {t(r.code, r.params)}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
