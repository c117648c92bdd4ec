import { type SQL, sql } from "drizzle-orm";
import { ACCOUNT_LEXEME } from "./index-records";
import type { ParsedQuery } from "./parse-query";
import { MAX_OFFSET, type SearchQuery } from "./search-input";

/** Which fonds the actor reads in full (record.read) and which only as a catalogue (catalog.read). */
export interface SearchScope {
  full: string[] | "all";
  catalogOnly: string[];
}

/** Exact counting stops here; beyond it the total is the planner's estimate, marked as such. */
export const COUNT_CAP = 1000;

const uuidArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

// The words are written into the statement rather than bound: a prepared statement reused with a bound
// tsquery may get a generic plan, and the right plan (GIN for rare words, the date walk for common ones)
// depends on the words. parseQuery emits only quoted lexemes and operators; quotes are doubled anyway.
const tsquery = (query: string) => sql.raw(`'${query.replace(/'/g, "''")}'::tsquery`);

/**
 * The service's SQL, shared with the benchmark and the plan tests. Lists walk record_search: its GIN index
 * finds rare words and account codes, its (fonds, year, date) indexes give the newest-first order, so a
 * page of a word in half the archive stops after a page of matches instead of sorting them all. Only
 * the state and the volume, which change after filing, are read from records.
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
  const fullMatch = full && (fullQuery ? sql`(${full} and s.doc @@ ${tsquery(fullQuery)})` : full);
  const catMatch = cat && (parsed ? sql`(${cat} and s.doc @@ ${tsquery(parsed.catalog)})` : cat);
  if (fullMatch && catMatch) where.push(sql`(${fullMatch} or ${catMatch})`);
  else where.push(fullMatch ?? catMatch ?? sql`false`);

  if (input.fiscalYear !== undefined) where.push(sql`s.fiscal_year = ${input.fiscalYear}`);
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

  const condition = sql.join(where, sql` and `);
  const order = {
    // Same direction on every key, so the (fonds, date, id) indexes serve the order by walking backwards.
    date_desc: sql`s.doc_date desc, s.record_id desc`,
    date_asc: sql`s.doc_date asc, s.record_id asc`,
    amount_desc: sql`s.amount desc nulls last, s.record_id desc`,
    amount_asc: sql`s.amount asc nulls last, s.record_id asc`,
    code_asc: sql`r.archival_code asc nulls last, s.record_id asc`,
    code_desc: sql`r.archival_code desc nulls last, s.record_id desc`,
  }[input.sort];
  const offset = Math.min((input.page - 1) * input.pageSize, MAX_OFFSET);
  // records is joined only for what record_search lacks (state, volume, checks, expiry, code): a common word
  // otherwise costs one records probe per match before the page is cut (bench:search, 51,606 probes for 管理费用-差旅费).
  const needsRecords = Boolean(input.state || input.volumeId || input.checkStatus || input.expiresFrom || input.expiresTo || input.sort.startsWith("code_"));
  const from = needsRecords ? sql`record_search s join records r on r.id = s.record_id` : sql`record_search s`;

  const page = sql`
    select r.id, r.fonds_id as "fondsId", r.category, r.fiscal_year as "fiscalYear", r.period, r.title,
           r.doc_date::text as "docDate", r.amount::text as amount, r.state, r.archival_code as "archivalCode",
           r.retention, r.retention_expires_on::text as "retentionExpiresOn", r.check_status as "checkStatus",
           r.volume_id as "volumeId", v.voucher_word as "voucherWord", v.voucher_no as "voucherNo",
           v.attachment_count as "attachmentCount", s.catalog_text, s.detail_text
    from (select s.record_id as pick from ${from} where ${condition} order by ${order} limit ${input.pageSize} offset ${offset}) p
    join record_search s on s.record_id = p.pick
    join records r on r.id = p.pick
    left join vouchers v on v.record_id = p.pick
    order by ${order}`;
  const match = sql`select 1 from ${from} where ${condition}`;
  const count = sql`select count(*)::int as n from (${match} limit ${COUNT_CAP + 1}) c`;
  return { page, match, count };
}
