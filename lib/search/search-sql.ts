import { type SQL, sql } from "drizzle-orm";
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
 * The service's SQL, shared with the benchmark and the plan tests. With a text query the walk starts
 * from record_search (its GIN index for rare words, its (fonds, year, date) indexes for common ones, so a
 * page of a word in half the archive stops after a page of matches); without one, from records.
 */
export function searchSql(input: SearchQuery, parsed: ParsedQuery | null, scope: SearchScope) {
  const text = parsed !== null;
  // Filters on the record's fixed coordinates read record_search when it drives the walk.
  const t = text ? sql.raw("s") : sql.raw("r");
  const id = text ? sql.raw("s.record_id") : sql.raw("r.id");
  const where: SQL[] = [];
  // Amounts and lines are not catalogue data: a filter on them leaves out fonds the actor reads only as a catalogue.
  const detailFilter = input.account !== undefined || input.amountMin !== undefined || input.amountMax !== undefined;
  const catalogOnly = detailFilter ? [] : scope.catalogOnly;
  const fondsIn = (ids: string[] | "all") => {
    if (input.fondsId) return ids === "all" || ids.includes(input.fondsId) ? sql`${t}.fonds_id = ${input.fondsId}` : null;
    return ids === "all" ? sql`true` : ids.length > 0 ? sql`${t}.fonds_id = any(${uuidArray(ids)})` : null;
  };
  const full = fondsIn(scope.full);
  const cat = fondsIn(catalogOnly);
  const fullMatch = full && (text ? sql`(${full} and s.doc @@ ${tsquery(parsed.full)})` : full);
  const catMatch = cat && (text ? sql`(${cat} and s.doc @@ ${tsquery(parsed.catalog)})` : cat);
  if (fullMatch && catMatch) where.push(sql`(${fullMatch} or ${catMatch})`);
  else where.push(fullMatch ?? catMatch ?? sql`false`);

  if (input.fiscalYear !== undefined) where.push(sql`${t}.fiscal_year = ${input.fiscalYear}`);
  if (input.period !== undefined) where.push(sql`${t}.period = ${input.period}`);
  if (input.category) where.push(sql`${t}.category = ${input.category}`);
  if (input.dateFrom) where.push(sql`${t}.doc_date >= ${input.dateFrom}`);
  if (input.dateTo) where.push(sql`${t}.doc_date <= ${input.dateTo}`);
  if (input.amountMin !== undefined) where.push(sql`${t}.amount >= ${input.amountMin}::numeric`);
  if (input.amountMax !== undefined) where.push(sql`${t}.amount <= ${input.amountMax}::numeric`);
  if (input.state) where.push(sql`r.state = ${input.state}`);
  if (input.volumeId) where.push(sql`r.volume_id = ${input.volumeId}`);
  if (input.account !== undefined)
    where.push(sql`${id} in (select vl.record_id from voucher_lines vl where vl.account_code like ${`${input.account.replace(/[\\%_]/g, "\\$&")}%`})`);

  const from = text ? sql`record_search s join records r on r.id = s.record_id` : sql`records r`;
  const condition = sql.join(where, sql` and `);
  const order = {
    // Same direction on every key, so the (fonds, date, id) indexes serve the order by walking backwards.
    date_desc: sql`${t}.doc_date desc, ${id} desc`,
    date_asc: sql`${t}.doc_date asc, ${id} asc`,
    amount_desc: sql`${t}.amount desc nulls last, ${id} desc`,
    amount_asc: sql`${t}.amount asc nulls last, ${id} asc`,
    code_asc: sql`r.archival_code asc nulls last, ${id} asc`,
    code_desc: sql`r.archival_code desc nulls last, ${id} desc`,
  }[input.sort];
  const offset = Math.min((input.page - 1) * input.pageSize, MAX_OFFSET);
  const texts = text ? sql`s.catalog_text, s.detail_text` : sql`null::text as catalog_text, null::text as detail_text`;

  const page = sql`
    select r.id, r.fonds_id as "fondsId", r.category, r.fiscal_year as "fiscalYear", r.period, r.title,
           r.doc_date::text as "docDate", r.amount::text as amount, r.state, r.archival_code as "archivalCode",
           r.retention, r.retention_expires_on::text as "retentionExpiresOn", r.check_status as "checkStatus",
           r.volume_id as "volumeId", v.voucher_word as "voucherWord", v.voucher_no as "voucherNo",
           v.attachment_count as "attachmentCount", ${texts}
    from (select ${id} as pick from ${from} where ${condition} order by ${order} limit ${input.pageSize} offset ${offset}) p
    join records r on r.id = p.pick
    ${text ? sql`join record_search s on s.record_id = p.pick` : sql``}
    left join vouchers v on v.record_id = p.pick
    order by ${order}`;
  const match = sql`select 1 from ${from} where ${condition}`;
  const count = sql`select count(*)::int as n from (${match} limit ${COUNT_CAP + 1}) c`;
  return { page, match, count };
}
