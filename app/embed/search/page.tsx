import { getLocale, getTranslations } from "next-intl/server";
import { fondsOptionsFor } from "@/app/_server/context";
import { RecordsBrowser } from "@/components/records/records-browser";
import { apiQuery } from "@/components/records/search-params";
import { fondsWith } from "@/lib/auth/permissions";
import { getBrowseTree } from "@/lib/records/get-browse-tree";
import { searchRecords } from "@/lib/search/search-records";
import { requireEmbedContext } from "../_server/require-embed";
import { pageTitle } from "@/app/_server/page-title";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const generateMetadata = pageTitle("embed.search.title");

/**
 * The archive search inside the OA: the browse page's search and table without Acta's chrome or tree,
 * run as the mapped user (only what they may see), with records opening in the embedded record view.
 */
export default async function EmbedSearchPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireEmbedContext();
  const [params, options, t, locale] = await Promise.all([searchParams, fondsOptionsFor(ctx.actor), getTranslations("embed"), getLocale()]);
  // No default fonds: the OA user searches every fonds they may read unless they pick one.
  const query = apiQuery(params, null);
  // The year filter lists the years of every fonds the user may browse, newest first; it was left empty.
  const [initial, ...trees] = await Promise.all([searchRecords(ctx, Object.fromEntries(new URLSearchParams(query))), ...options.map((f) => getBrowseTree(ctx, { fondsId: f.id }))]);
  const readable = fondsWith(ctx.actor, "record.read");
  const years = [...new Set(trees.flatMap((tree) => (tree.ok ? tree.value.years.map((y) => y.fiscalYear) : [])))].sort((a, b) => b - a);
  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">{t("search.title")}</h1>
        <p className="text-muted-foreground text-xs">{t("actingAs", { name: ctx.actor.displayName, oaUser: ctx.session.oaUserId })}</p>
      </div>
      <RecordsBrowser
        defaultFondsId={null}
        initialQuery={query}
        initial={initial.ok ? initial.value : null}
        openableFonds={readable === "all" ? options.map((f) => f.id) : readable}
        fondsOptions={options.map((f) => ({ id: f.id, label: `${f.code} ${locale === "en" && f.nameEn ? f.nameEn : f.name}` }))}
        years={years}
        searchEndpoint="/embed/search/records"
        recordPath="/embed/records"
      />
    </div>
  );
}
