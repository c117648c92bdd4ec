import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getAccessibleFonds, getCurrentFonds, requireServiceContext } from "@/app/_server/context";
import { RecordsBrowser } from "@/components/records/records-browser";
import { RecordsTree } from "@/components/records/records-tree";
import { apiQuery } from "@/components/records/search-params";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { can, fondsWith } from "@/lib/auth/permissions";
import { getBrowseTree } from "@/lib/records/get-browse-tree";
import { searchRecords } from "@/lib/search/search-records";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("records-ui"))("title") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RecordsPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireServiceContext();
  const [params, current, options, t, locale] = await Promise.all([searchParams, getCurrentFonds(), getAccessibleFonds(), getTranslations("records-ui"), getLocale()]);
  const one = (key: string) => {
    const v = params[key];
    return (Array.isArray(v) ? v[0] : v) || undefined;
  };
  const fonds = options.find((f) => f.id === one("fondsId")) ?? current;
  if (!fonds) {
    if (!can(ctx.actor, "catalog.read")) forbidden();
    return (
      <Alert variant="warning">
        <AlertTitle>{t("noFondsTitle")}</AlertTitle>
        <AlertDescription>{t("noFondsBody")}</AlertDescription>
      </Alert>
    );
  }
  if (!can(ctx.actor, "catalog.read", fonds.id)) forbidden();
  const label = (f: (typeof options)[number]) => `${f.code} ${locale === "en" && f.nameEn ? f.nameEn : f.name}`;
  const query = apiQuery(params, current?.id ?? null);
  const [tree, initial] = await Promise.all([
    getBrowseTree(ctx, { fondsId: fonds.id, fiscalYear: one("fiscalYear") }),
    searchRecords(ctx, Object.fromEntries(new URLSearchParams(query))),
  ]);
  const readable = fondsWith(ctx.actor, "record.read");
  const years = tree.ok ? tree.value.years.map((y) => y.fiscalYear) : [];
  return (
    <div className="mx-auto grid max-w-[1600px] grid-cols-1 gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-muted-foreground mt-1 text-sm">{t("subtitle")}</p>
      </div>
      {/* Below 1280px the tree sits above the table, in a box of its own height: beside it on a tablet the
          table lost its amount and state columns off the right edge. */}
      <div className="grid items-start gap-6 xl:grid-cols-[15rem_minmax(0,1fr)] 2xl:grid-cols-[17rem_minmax(0,1fr)]">
        <aside className="bg-card max-h-72 overflow-x-hidden overflow-y-auto rounded-lg border p-3 xl:sticky xl:top-20 xl:max-h-[calc(100vh-6rem)]">
          {tree.ok && (
            <RecordsTree
              tree={tree.value}
              fondsLabel={label(fonds)}
              fondsId={fonds.id === current?.id ? null : fonds.id}
              selected={{ fiscalYear: one("fiscalYear"), category: one("category"), period: one("period"), periodKind: one("periodKind"), volumeId: one("volumeId") }}
            />
          )}
        </aside>
        <RecordsBrowser
          defaultFondsId={current?.id ?? null}
          initialQuery={query}
          initial={initial.ok ? initial.value : null}
          openableFonds={readable === "all" ? options.map((f) => f.id) : readable}
          fondsOptions={options.map((f) => ({ id: f.id, label: label(f) }))}
          years={years}
          exportEndpoint="/api/records/export"
        />
      </div>
    </div>
  );
}
