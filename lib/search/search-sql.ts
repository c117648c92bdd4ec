import { type SQL, sql } from "drizzle-orm";
import { uuidArray } from "@/db/any-id";
import { ACCOUNT_LEXEME } from "./index-records";
import type { ParsedQuery } from "./parse-query";
import { COUNT_CAP, MAX_OFFSET, NODE_COUNT_CAP } from "./limits";
import type { SearchQuery } from "./search-input";

/** Which fonds the actor reads in full (record.read) and which only as a catalogue (catalog.read). */
export interface SearchScope {
  full: string[] | "all";
  catalogOnly: string[];
}


// The words are written into the statement rather than bound: a prepared statement reused with a bound
// tsquery may get a generic plan, and the right plan (GIN for rare words, the date walk for common ones)
// depends on the words. parseQuery emits only quoted lexemes and operators; quotes are doubled anyway.
const tsquery = (query: string) => sql.raw(`'${query.replace(/'/g, "''")}'::tsquery`);

/**
 * How a page is found. "match": collect every match (the GIN index for words and account codes), then sort;
 * right when few records match. "walk": go down the (fonds, year, date) index in the page's order and test
 * each row against the words, stopping after a page; right when many match, as the walk then meets a page
 * of matches within a few hundred rows instead of fetching and sorting tens of thousands.
 */
export type SearchPath = "match" | "walk";

/**
 * Above this share of a fonds' records a word is counted by reading rows until the cap, not by collecting
 * its matches through GIN: the bitmap costs an entry per match (应付账款: 88,403 matches, 43 ms to count
 * 1,001) while reading rows stops after about COUNT_CAP / share of them (6 ms). Below it, reading rows
 * would go on longer than the bitmap takes.
 */
export const DENSE_SHARE = 0.1;

/**
 * The share of records holding the words and the account, as the column's most-common-element statistics
 * tell it. Per typed word, its rarest lexeme (0 when one is not among the most common): an upper bound, as
 * every match holds them all. The planner multiplies a word's own bigrams too, which are far from independent.
 * For an account code, the commonest account it prefixes (6602 → 6602.03): a lower bound, as every record
 * holding that account matches; the planner counts a prefix as if rare (6602 in 2023: its GIN count took
 * 10 ms in bench:search, the probe 1.5 ms). Words and account are multiplied as independent.
 */
export function matchShare(lexemes: string[][], frequencies: ReadonlyMap<string, number>, account?: string): number {
  const words = lexemes.reduce((share, word) => share * (word.length === 0 ? 0 : Math.min(...word.map((l) => frequencies.get(l) ?? 0))), 1);
  if (account === undefined) return words;
  const prefix = `${ACCOUNT_LEXEME}${account}`;
  let commonest = 0;
  for (const [lexeme, share] of frequencies) if (lexeme.startsWith(prefix) && share > commonest) commonest = share;
  return words * commonest;
}

/**
 * The path for a page, from the capped count: past COUNT_CAP matches a word is dense enough that a walk in
 * date order meets a page of them long before collecting them all would end (measured in docs/search.md).
 */
export const searchPath = (counted: number, walkable: boolean): SearchPath => (counted > COUNT_CAP && walkable ? "walk" : "match");

/**
 * The service's SQL, shared with the benchmark and the plan tests: the capped count, the match for the
 * estimate, and the page by either path. searchRecords picks the path from the count, not from the
 * planner's estimate: the planner multiplies the bigrams' frequencies as if independent, so it puts
 * 管理费用-差旅费 (five bigrams, 51,606 matches in bench:search) at 297 rows and sorts all of them.
 * Only the state and the volume, which change after filing, are read from records.
 */
export function searchSql(input: SearchQuery, parsed: ParsedQuery | null, scope: SearchScope) {
  const where: SQL[] = [];
  // Amounts and lines are not catalogue data: a filter on them leaves out fonds the actor reads only as a catalogue.
  const detailFilter = input.account !== undefined || input.amountMin !== undefined || input.amountMax !== undefined;
  const catalogOnly = detailFilter ? [] : scope.catalogOnly;
  const fondsIn = (ids: string[] | "all") => {
    if (input.fondsId) return ids === "all" || ids.includes(input.fondsId) ? sql`s.fonds_id = ${input.fondsId}` : null;
    return ids === "all" ? sql`true` : ids.length > 0 ? sql`s.fonds_id = any(${uuidArray(ids)})` : null;
  };
  const account = input.account !== undefined ? `'${ACCOUNT_LEXEME}${input.account}':*` : null;
  const fullQuery = [parsed?.full, account].filter(Boolean).join(" & ");
  const full = fondsIn(scope.full);
  const cat = fondsIn(catalogOnly);
  // ts_match_vq is what @@ calls, but as a function call no index can serve it: the walk path uses it so the
  // planner cannot fall back to collecting every match through the GIN index.
  const words = (query: string, path: SearchPath) => (path === "walk" ? sql`ts_match_vq(s.doc, ${tsquery(query)})` : sql`s.doc @@ ${tsquery(query)}`);
  // Typed words none of which the index can look up (punctuation, 𠮷) match nothing; ignored, they listed every record.
  const unsearchable = input.q !== undefined && parsed === null;
  const textMatch = (path: SearchPath) => {
    if (unsearchable) return sql`false`;
    const fullMatch = full && (fullQuery ? sql`(${full} and ${words(fullQuery, path)})` : full);
    const catMatch = cat && (parsed ? sql`(${cat} and ${words(parsed.catalog, path)})` : cat);
    if (fullMatch && catMatch) return sql`(${fullMatch} or ${catMatch})`;
    return fullMatch ?? catMatch ?? sql`false`;
  };

  if (input.fiscalYear !== undefined) where.push(sql`s.fiscal_year = ${input.fiscalYear}`);
  const kind = periodKindOf(input);
  if (kind) where.push(sql`s.period_kind = ${kind}`);
  if (input.period !== undefined) where.push(sql`s.period = ${input.period}`);
  if (input.category) where.push(sql`s.category = ${input.category}`);
  if (input.dateFrom) where.push(sql`s.doc_date >= ${input.dateFrom}`);
  if (input.dateTo) where.push(sql`s.doc_date <= ${input.dateTo}`);
  if (input.amountMin !== undefined) where.push(sql`s.amount >= ${input.amountMin}::numeric`);
  if (input.amountMax !== undefined) where.push(sql`s.amount <= ${input.amountMax}::numeric`);
  if (input.state) where.push(sql`r.state = ${input.state}`);
  if (input.volumeId) where.push(sql`r.volume_id = ${input.volumeId}`);
  if (input.checkStatus) where.push(sql`r.check_status = ${input.checkStatus}`);
  if (input.expiresFrom) where.push(sql`r.retention_expires_on >= ${input.expiresFrom}`);
  if (input.expiresTo) where.push(sql`r.retention_expires_on <= ${input.expiresTo}`);

  const condition = (path: SearchPath) => sql.join([textMatch(path), ...where], sql` and `);
  // Where the actor reads only the catalogue, records sort as if they had no amount: ranked by it, a
  // borrower would learn which voucher is the largest without seeing one amount.
  const hidden = input.fondsId ? catalogOnly.filter((f) => f === input.fondsId) : catalogOnly;
  const amount = hidden.length === 0 ? sql`s.amount` : sql`(case when s.fonds_id = any(${uuidArray(hidden)}) then null else s.amount end)`;
  // The archival code lives in records; the match path carries it out of its subquery as s.archival_code.
  const orderBy = (code: SQL) =>
    ({
      // Same direction on every key, so the (fonds, date, id) indexes serve the order by walking backwards.
      date_desc: sql`s.doc_date desc, s.record_id desc`,
      date_asc: sql`s.doc_date asc, s.record_id asc`,
      amount_desc: sql`${amount} desc nulls last, s.record_id desc`,
      amount_asc: sql`${amount} asc nulls last, s.record_id asc`,
      code_asc: sql`${code} asc nulls last, s.record_id asc`,
      code_desc: sql`${code} desc nulls last, s.record_id desc`,
    })[input.sort];
  const order = orderBy(sql`r.archival_code`);
  const offset = Math.min((input.page - 1) * input.pageSize, MAX_OFFSET);
  // records is joined only for what record_search lacks (state, volume, checks, expiry, code): a common word
  // otherwise costs one records probe per match before the page is cut (bench:search, 51,606 probes for 管理费用-差旅费).
  const needsRecords = Boolean(input.state || input.volumeId || input.checkStatus || input.expiresFrom || input.expiresTo || input.sort.startsWith("code_"));
  const from = needsRecords ? sql`record_search s join records r on r.id = s.record_id` : sql`record_search s`;

  // Without words there is no GIN index to choose: the planner picks between the walk and the filters' scan.
  const hasWords = Boolean(fullQuery || (cat && parsed));
  // An export takes every match (read through a cursor), which the outer query puts in order.
  const cut = (rows: "page" | "all", by: SQL) => (rows === "all" ? sql`` : sql`order by ${by} limit ${input.pageSize} offset ${offset}`);
  const inner = (path: SearchPath, rows: "page" | "all") =>
    path === "walk" || !hasWords
      ? sql`select s.record_id as pick from ${from} where ${condition(path)} ${cut(rows, order)}`
      : // offset 0 keeps the matches a subquery of their own, so they are collected through the GIN index and
        // then sorted, whatever the planner guesses of their number.
        sql`select s.record_id as pick
            from (select s.record_id, s.fonds_id, s.doc_date, s.amount${needsRecords ? sql`, r.archival_code` : sql``} from ${from} where ${condition(path)} offset 0) s
            ${cut(rows, orderBy(sql`s.archival_code`))}`;
  const page = (path: SearchPath, rows: "page" | "all" = "page") => sql`
    select r.id, r.fonds_id as "fondsId", r.category, r.fiscal_year as "fiscalYear", r.period_kind as "periodKind", r.period, r.title,
           r.doc_date::text as "docDate", r.amount::text as amount, r.state, r.archival_code as "archivalCode",
           r.retention, r.retention_expires_on::text as "retentionExpiresOn", r.check_status as "checkStatus",
           r.volume_id as "volumeId", v.voucher_word as "voucherWord", v.voucher_no as "voucherNo",
           v.attachment_count as "attachmentCount", sup.label as "supportsVoucher", s.catalog_text, s.detail_text
    from (${inner(path, rows)}) p
    join record_search s on s.record_id = p.pick
    join records r on r.id = p.pick
    left join vouchers v on v.record_id = p.pick
    -- A source document is told apart from its namesakes (a hundred 银行回单.pdf) by the voucher it supports.
    left join lateral (
      select sv.voucher_word || '-' || sv.voucher_no as label
      from record_links l join vouchers sv on sv.record_id = l.from_record_id
      where l.to_record_id = p.pick and l.link_type = 'source_document' and v.record_id is null
      order by sv.fiscal_year, sv.period, sv.voucher_word, sv.voucher_no_num, sv.voucher_no, sv.record_id limit 1
    ) sup on true
    order by ${order}`;
  const match = sql`select 1 from ${from} where ${condition("match")}`;
  // A node of the browse tree (a fonds, its year, category, period, volume, and the state) with nothing to
  // match is counted from records as the tree beside the list counts it, to a cap a hundred times higher:
  // capped at COUNT_CAP, the list said "more than 1,000" beside a tree saying 3,259. records_browse_idx
  // holds every coordinate but the volume, whose own index is small, so the count reads index entries only.
  const node = input.q === undefined && input.fondsId !== undefined && NODE_FILTERS.every((key) => input[key] === undefined);
  const cap = node ? NODE_COUNT_CAP : COUNT_CAP;
  const coordinates = [
    sql`r.fonds_id = ${input.fondsId}`,
    input.fiscalYear !== undefined && sql`r.fiscal_year = ${input.fiscalYear}`,
    input.category && sql`r.category = ${input.category}`,
    kind && sql`r.period_kind = ${kind}`,
    input.period !== undefined && sql`r.period = ${input.period}`,
    input.state && sql`r.state = ${input.state}`,
    input.volumeId && sql`r.volume_id = ${input.volumeId}`,
  ].filter((part): part is SQL => Boolean(part));
  const counted = node ? sql`select 1 from records r where ${sql.join(coordinates, sql` and `)}` : match;
  const count = sql`select count(*)::int as n from (${counted} limit ${cap + 1}) c`;
  // The walk needs an index in the page's order: (fonds, [year,] date) serves date sorts within one fonds.
  const walkable = hasWords && Boolean(input.fondsId) && input.sort.startsWith("date_");
  // For a dense word in a whole fonds or one of its years: the matches among the first rows read, as many as
  // hold COUNT_CAP + 1 matches at DENSE_SHARE. Past the cap it proves the total is; otherwise it says nothing
  // and the count decides. Other filters would make those first rows a scan of their own, so it is offered
  // only without them. A year's rows are read down its date index: the heap keeps each year's rows together
  // (they are imported year by year), so a plain scan stopping at the cap, which the planner picks for the
  // capped count of a common word, may first read every other year (增值税 in 2022: 282,863 rows, 41–257 ms).
  const probeLimit = Math.ceil((COUNT_CAP + 1) / DENSE_SHARE);
  const onlyYear = where.length === 1 && input.fiscalYear !== undefined;
  const probeRows = onlyYear
    ? sql`select s.fonds_id, s.doc from record_search s where s.fonds_id = ${input.fondsId} and s.fiscal_year = ${input.fiscalYear}
          order by s.doc_date desc, s.record_id desc limit ${probeLimit}`
    : sql`select s.fonds_id, s.doc from record_search s where s.fonds_id = ${input.fondsId} limit ${probeLimit}`;
  const probe =
    walkable && (where.length === 0 || onlyYear)
      ? sql`select count(*)::int as n from (select 1 from (${probeRows}) s where ${textMatch("walk")} limit ${COUNT_CAP + 1}) c`
      : null;
  return { page, match, count, cap, probe, walkable };
}

/**
 * The period kind a search is narrowed to: the one asked for, or a month when only a period is given. A
 * Q3 report carries period 3 as March's vouchers do; without the kind it was listed under March.
 */
export const periodKindOf = (input: Pick<SearchQuery, "period" | "periodKind">) => input.periodKind ?? (input.period !== undefined ? "month" : undefined);

/** Filters that make a list more than a node of the browse tree. */
const NODE_FILTERS = ["account", "amountMin", "amountMax", "dateFrom", "dateTo", "expiresFrom", "expiresTo", "checkStatus"] as const;
