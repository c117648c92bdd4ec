import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { BookIcon, CalendarIcon, FolderIcon, FolderOpenIcon } from "lucide-react";
import type { BrowseTree } from "@/lib/records/get-browse-tree";
import { periodLabelValues, periodParams, selectsPeriod } from "@/lib/records/period-label";
import { cn } from "@/lib/utils";

interface Props {
  tree: BrowseTree;
  fondsLabel: string;
  /** The tree's current position, from the URL. */
  selected: { fiscalYear?: string; category?: string; period?: string; periodKind?: string; volumeId?: string };
  /** Keeps the fonds in links when it is not the header's current one. */
  fondsId: string | null;
}

/** 全宗 → 年度 → 类别 → 期间 (months, quarters, halves, the year) → 案卷, each node a link that filters the list beside it. */
export async function RecordsTree({ tree, fondsLabel, selected, fondsId }: Props) {
  const [t, tc, format] = await Promise.all([getTranslations("records-ui"), getTranslations("common"), getFormatter()]);
  const href = (params: Record<string, string | number | null | undefined>) => {
    const q = new URLSearchParams();
    if (fondsId) q.set("fondsId", fondsId);
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return s ? `/records?${s}` : "/records";
  };
  const node = (active: boolean) =>
    cn(
      "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring",
      active && "bg-accent font-medium text-accent-foreground",
    );
  const count = (n: number) => <span className="text-muted-foreground ml-auto text-xs tabular-nums">{format.number(n)}</span>;
  const noSelection = !selected.fiscalYear && !selected.category && !selected.volumeId;

  return (
    <nav aria-label={t("tree.label")} className="text-sm">
      <Link href={href({})} className={node(noSelection)} aria-current={noSelection ? "page" : undefined}>
        <FolderOpenIcon className="size-4 shrink-0" aria-hidden />
        <span className="min-w-0 truncate">{fondsLabel}</span>
      </Link>
      {tree.years.length === 0 && <p className="text-muted-foreground px-2 py-3 text-xs">{t("tree.empty")}</p>}
      <ul className="mt-1 grid grid-cols-[minmax(0,1fr)] gap-0.5 pl-3">
        {tree.years.map((year) => {
          const yearOpen = selected.fiscalYear === String(year.fiscalYear);
          const yearActive = yearOpen && !selected.category && !selected.volumeId;
          return (
            <li key={year.fiscalYear}>
              <Link href={href({ fiscalYear: year.fiscalYear })} className={node(yearActive)} aria-current={yearActive ? "page" : undefined} aria-expanded={yearOpen}>
                <CalendarIcon className="size-4 shrink-0" aria-hidden />
                {t("filters.year", { year: year.fiscalYear })}
                {count(year.total)}
              </Link>
              {yearOpen && (
                <ul className="grid grid-cols-[minmax(0,1fr)] gap-0.5 pl-3">
                  {year.categories.map((cat) => {
                    const catOpen = selected.category === cat.category;
                    const catActive = catOpen && !selected.period && !selected.periodKind && !selected.volumeId;
                    return (
                      <li key={cat.category}>
                        <Link href={href({ fiscalYear: year.fiscalYear, category: cat.category })} className={node(catActive)} aria-current={catActive ? "page" : undefined} aria-expanded={catOpen}>
                          <FolderIcon className="size-4 shrink-0" aria-hidden />
                          {tc(`categories.${cat.category}`)}
                          {count(cat.total)}
                        </Link>
                        {catOpen && (
                          <ul className="grid grid-cols-[minmax(0,1fr)] gap-0.5 pl-3">
                            {cat.months.map((month) => {
                              // A Q3 report has period 3 like March's vouchers: the kind keeps their nodes apart.
                              const monthOpen = selectsPeriod(selected, month.periodKind, month.period);
                              const monthActive = monthOpen && !selected.volumeId;
                              const period = periodParams(month.periodKind, month.period);
                              return (
                                <li key={`${month.periodKind ?? "none"}-${month.period ?? "none"}`}>
                                  <Link
                                    href={href({ fiscalYear: year.fiscalYear, category: cat.category, ...period })}
                                    className={node(monthActive)}
                                    aria-current={monthActive ? "page" : undefined}
                                  >
                                    {t("periodLabel", periodLabelValues(month.periodKind, month.period))}
                                    {count(month.total)}
                                  </Link>
                                  {monthOpen && month.volumes.length > 0 && (
                                    <ul className="grid grid-cols-[minmax(0,1fr)] gap-0.5 pl-3">
                                      {month.volumes.map((v) => (
                                        <li key={v.id}>
                                          <Link
                                            href={href({ fiscalYear: year.fiscalYear, category: cat.category, ...period, volumeId: v.id })}
                                            className={node(selected.volumeId === v.id)}
                                            aria-current={selected.volumeId === v.id ? "page" : undefined}
                                            title={v.title}
                                          >
                                            <BookIcon className="size-4 shrink-0" aria-hidden />
                                            <span className="min-w-0 truncate">{v.volumeNo ? t("tree.volume", { no: v.volumeNo }) : v.title}</span>
                                            {count(v.total)}
                                          </Link>
                                        </li>
                                      ))}
                                    </ul>
                                  )}
                                </li>
                              );
                            })}
                          </ul>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
