import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { PeriodKind } from "@/lib/archive/periods/periods";
import { fondsWith } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { fragments, highlight } from "./highlight";
import { MAX_OFFSET } from "./limits";
import { type ParsedQuery, parseQuery } from "./parse-query";
import { SearchInput, type SearchQuery } from "./search-input";
import { DENSE_SHARE, type SearchScope, matchShare, searchPath, searchSql } from "./search-sql";

export interface SearchItem {
  id: string;
  fondsId: string;
  category: string;
  fiscalYear: number;
  /** month, quarter, half or year: a Q3 report has period 3 as March's vouchers do. */
  periodKind: PeriodKind | null;
  period: number | null;
  title: string;
  /** The title as HTML: escaped, with the matched words in <mark>. */
  titleHtml: string;
  /** Other matched fields (line summaries, accounts, counterparties, invoice numbers…), same HTML rules. */
  fragments: string[];
  docDate: string | null;
  /** Null where the actor reads the fonds only as a catalogue (borrowers see no amounts). */
  amount: string | null;
  state: string;
  archivalCode: string | null;
  retention: string;
  retentionExpiresOn: string | null;
  checkStatus: string;
  volumeId: string | null;
  voucherWord: string | null;
  voucherNo: string | null;
  attachmentCount: number | null;
  /** For a source document: the voucher it supports, as word-number (付-23); null for vouchers and unlinked documents. */
  supportsVoucher: string | null;
}

export interface SearchResult {
  items: SearchItem[];
  total: number;
  /** True when the total is the planner's estimate: past COUNT_CAP matches, or NODE_COUNT_CAP records of a browse-tree node. */
  totalIsEstimate: boolean;
  page: number;
  pageSize: number;
}

/** A row of searchSql's page statement. */
export interface SearchRow extends Omit<SearchItem, "titleHtml" | "fragments"> {
  catalog_text: string | null;
  detail_text: string | null;
}

/** Fonds the actor reads fully and those it reads only as a catalogue; null when it reads none. */
export function searchScope(ctx: Pick<ServiceContext, "actor">): SearchScope | null {
  if (!ctx.actor) return { full: "all", catalogOnly: [] };
  const catalog = fondsWith(ctx.actor, "catalog.read");
  const full = fondsWith(ctx.actor, "record.read");
  if (catalog !== "all" && catalog.length === 0) return null;
  if (full === "all") return { full, catalogOnly: [] };
  // Business roles are granted per fonds (grantRole refuses otherwise), so a partial record.read comes
  // with a list of catalogue fonds.
  return { full, catalogOnly: catalog === "all" ? [] : catalog.filter((f) => !full.includes(f)) };
}

const FREQUENCIES_TTL_MS = 5 * 60_000;
const frequencies = new WeakMap<object, { at: number; value: Promise<Map<string, number>> }>();

/** The doc column's most common lexemes and their shares of records, as ANALYZE last saw them; kept a few minutes per database. */
function lexemeFrequencies(db: DbOrTx): Promise<Map<string, number>> {
  const kept = frequencies.get(db);
  if (kept && Date.now() - kept.at < FREQUENCIES_TTL_MS) return kept.value;
  const value = (
    db.execute(sql`
      select e, f from (
        select unnest(most_common_elems::text::text[]) as e, unnest(most_common_elem_freqs) as f
        from pg_stats where schemaname = current_schema() and tablename = 'record_search' and attname = 'doc') m
      where e is not null`) as unknown as Promise<{ e: string; f: number }[]>
  ).then((rows) => new Map(rows.map((r) => [r.e, r.f])));
  frequencies.set(db, { at: Date.now(), value });
  value.catch(() => frequencies.delete(db));
  return value;
}

/** Whether the words and the account are common enough, by the statistics, for searchRecords to try the probe before the count. */
export async function isDense(db: DbOrTx, parsed: ParsedQuery | null, account: string | undefined): Promise<boolean> {
  if (parsed === null && account === undefined) return false;
  return matchShare(parsed?.lexemes ?? [], await lexemeFrequencies(db), account) >= DENSE_SHARE;
}

async function estimate(db: DbOrTx, query: ReturnType<typeof sql>): Promise<number> {
  const rows = (await db.execute(sql`explain (format json) ${query}`)) as unknown as { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[];
  return Math.round(rows[0]?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0);
}

/**
 * Finds records by words of their summaries, lines, accounts, counterparties, invoice numbers, archival
 * codes and voucher numbers, with filters; only in fonds where the actor holds catalog.read, and with
 * amounts and line details only where it holds record.read (docs/search.md). Totals above COUNT_CAP
 * are the planner's estimate, so a common word never costs a full count; a node of the browse tree is
 * counted exactly, as the tree counts it.
 */
export async function searchRecords(ctx: ServiceContext, raw: unknown): Promise<Result<SearchResult>> {
  const input = SearchInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const query = input.data;
  if ((query.page - 1) * query.pageSize > MAX_OFFSET) return fail("search.page_too_deep", { max: MAX_OFFSET });
  const prepared = prepareSearch(ctx, query);
  if (!prepared.ok) return prepared;
  const { scope, parsed } = prepared.value;
  const { page, match, count, cap, probe, walkable } = searchSql(query, parsed, scope);
  const counted = async (statement: SQL) => ((await ctx.db.execute(statement)) as unknown as { n: number }[])[0]?.n ?? 0;
  // The capped count comes first because it decides the path; a dense word is counted by the probe if it can.
  const probed = probe && (await isDense(ctx.db, parsed, query.account)) ? await counted(probe) : 0;
  const exact = probed > cap ? probed : await counted(count);
  const capped = exact > cap;
  const [rows, estimated] = await Promise.all([
    // Nothing matched: the page would only repeat the count's work.
    exact === 0 ? [] : (ctx.db.execute(page(searchPath(exact, walkable))) as unknown as Promise<SearchRow[]>),
    capped ? estimate(ctx.db, match) : exact,
  ]);
  const total = capped ? Math.max(cap + 1, estimated) : exact;
  const items = rows.map((row) => toSearchItem(row, scope, parsed));
  return ok({ items, total, totalIsEstimate: capped, page: query.page, pageSize: query.pageSize });
}

/** Who may run this search, in which fonds fully or as a catalogue, and its words parsed. */
export function prepareSearch(ctx: Pick<ServiceContext, "actor">, query: SearchQuery): Result<{ scope: SearchScope; parsed: ParsedQuery | null }> {
  const scope = searchScope(ctx);
  if (!scope) return fail("auth.forbidden");
  if (query.fondsId && scope.full !== "all" && !scope.full.includes(query.fondsId) && !scope.catalogOnly.includes(query.fondsId))
    return fail("auth.forbidden");
  return ok({ scope, parsed: query.q ? parseQuery(query.q) : null });
}

/** Whether the actor reads this fonds fully (amounts, lines) or only as a catalogue. */
export const readsFully = (scope: SearchScope, fondsId: string) => scope.full === "all" || scope.full.includes(fondsId);

/** A page row as the actor may see it: amounts and line details only in fonds it reads fully. */
export function toSearchItem({ catalog_text, detail_text, ...row }: SearchRow, scope: SearchScope, parsed: ParsedQuery | null): SearchItem {
  const detail = readsFully(scope, row.fondsId);
  const needles = parsed?.needles ?? [];
  const texts = [catalog_text ?? "", ...(detail ? [detail_text ?? ""] : [])];
  return {
    ...row,
    amount: detail ? row.amount : null,
    titleHtml: highlight(row.title, needles),
    fragments: fragments(texts, needles, row.title),
  };
}
