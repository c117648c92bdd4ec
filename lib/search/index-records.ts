import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { uuidArray } from "@/db/any-id";

/** Between the parts of a search text; highlighting splits fragments on it (lib/search/highlight.ts). */
export const PART_SEPARATOR = " · ";

/**
 * Prefix of the lexemes that list a record's account codes, so the account filter (a code and its
 * sub-accounts) is a GIN prefix match ('ACCT6602':*). Upper case never comes out of the text tokenizer,
 * which lower-cases, so these lexemes cannot collide with words of the text.
 */
export const ACCOUNT_LEXEME = "ACCT";

/** The catalogue a record shows, title · 档号 · 字号, over `records r left join vouchers v`. */
const catalog = (code: SQL) => sql`concat_ws(${PART_SEPARATOR}, r.title, ${code}, v.voucher_word || '-' || v.voucher_no)`;

/**
 * (Re)computes the search documents of these records from records, vouchers, voucher_lines,
 * voucher_refs and source_documents in one set-based statement. Writers call it in the transaction that
 * changes the records (import, filing), so the index never lags the archive (docs/search.md explains
 * why this is explicit rather than a trigger). Ids of records that no longer exist are skipped.
 *
 * The catalogue shows title · 档号 · 字号, but the document indexes the 档号 last, after the account
 * lexemes: a record gets its code when it is filed, and filing then appends the code's words to the
 * stored document (indexFiledCodes) instead of tokenizing the whole record again (ADR 0027).
 */
export async function indexRecords(tx: DbOrTx, recordIds: string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await tx.execute(sql`
    insert into record_search (record_id, fonds_id, fiscal_year, period_kind, period, category, doc_date, amount, catalog_text, detail_text, doc, indexed_at)
    select s.id, s.fonds_id, s.fiscal_year, s.period_kind, s.period, s.category, s.doc_date, s.amount, s.catalog_text, s.detail_text,
           acta_search_vector(s.catalog_words, 'A') || acta_search_vector(s.detail_text, 'D') || s.accounts || acta_search_vector(s.archival_code, 'A'), now()
    from (
      -- Undated records sort and filter as of the end of their period (drizzle/0011).
      select r.id, r.fonds_id, r.fiscal_year, r.period_kind, r.period, r.category, coalesce(r.doc_date, acta_period_end(r.fiscal_year, r.period_kind, r.period)) as doc_date, r.amount,
             ${catalog(sql`r.archival_code`)} as catalog_text, ${catalog(sql`null`)} as catalog_words, r.archival_code,
             concat_ws(${PART_SEPARATOR}, nullif(v.summary, r.title), l.text, d.document_no, d.counterparty, refs.text) as detail_text,
             coalesce(l.accounts, ''::tsvector) as accounts
      from records r
      left join vouchers v on v.record_id = r.id
      left join source_documents d on d.record_id = r.id
      left join lateral (
        select string_agg(distinct p.part, ${PART_SEPARATOR}) as text,
               array_to_tsvector(coalesce(array_agg(distinct ${ACCOUNT_LEXEME} || vl.account_code), '{}')) as accounts
        from voucher_lines vl
        cross join lateral (
          select nullif(vl.summary, r.title)
          union all select concat_ws(' ', vl.account_code, vl.account_name)
          union all select value from jsonb_each_text(vl.dimensions)
        ) p(part)
        where vl.record_id = r.id and p.part <> ''
      ) l on true
      left join lateral (
        select string_agg(vr.ref_no, ' ' order by vr.ref_no) as text from voucher_refs vr where vr.record_id = r.id
      ) refs on true
      where r.id = any(${uuidArray(recordIds)})
    ) s
    on conflict (record_id) do update set
      fonds_id = excluded.fonds_id, fiscal_year = excluded.fiscal_year, period_kind = excluded.period_kind, period = excluded.period,
      category = excluded.category, doc_date = excluded.doc_date, amount = excluded.amount, catalog_text = excluded.catalog_text, detail_text = excluded.detail_text,
      doc = excluded.doc, indexed_at = excluded.indexed_at`);
}

/**
 * The search documents of records just filed: the code's words are appended to each stored document,
 * which is what indexRecords computes for the record now (the code comes last). That holds only for a
 * row indexed while the record had no code, as its catalogue text still shows (title · 字号). A record
 * filed without a code keeps its row; any other row, or a record never indexed, is recomputed whole.
 */
export async function indexFiledCodes(tx: DbOrTx, recordIds: string[]): Promise<void> {
  if (recordIds.length === 0) return;
  const ids = uuidArray(recordIds);
  const stale = (await tx.execute(sql`
    with appended as (
      update record_search s set catalog_text = ${catalog(sql`r.archival_code`)}, doc = s.doc || acta_search_vector(r.archival_code, 'A'), indexed_at = now()
      from records r
      left join vouchers v on v.record_id = r.id
      where r.id = any(${ids}) and s.record_id = r.id and r.archival_code is not null and s.catalog_text = ${catalog(sql`null`)}
      returning s.record_id
    )
    select r.id from records r
    left join vouchers v on v.record_id = r.id
    left join record_search s on s.record_id = r.id
    where r.id = any(${ids}) and r.id not in (select record_id from appended) and s.catalog_text is distinct from ${catalog(sql`r.archival_code`)}`)) as unknown as { id: string }[];
  await indexRecords(tx, stale.map((r) => r.id));
}
