import { sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { copyLine, copyRows } from "@/lib/copy-rows";
import { ACCOUNT_LEXEME, PART_SEPARATOR } from "./index-records";

/**
 * The search document of a record, computed in TypeScript from data a writer already holds, so a bulk
 * writer (the ERP import) need not read back what it just wrote. It reproduces what
 * `indexRecords` computes in SQL character for character (catalog_text, detail_text) and lexeme for
 * lexeme (doc); `index-vouchers.db.test.ts` compares the two.
 */
export interface SearchTexts {
  /** What the catalogue shows: title · 档号 · 字号. */
  catalogText: string;
  /** The catalogue's words indexed first: all of it but the 档号, which is indexed last. */
  catalogWords: string;
  detailText: string;
  /** Account codes of the lines, each becoming one `ACCT<code>` lexeme. */
  accountCodes: string[];
  archivalCode: string | null;
}

export interface VoucherForSearch {
  title: string;
  archivalCode: string | null;
  voucherWord: string;
  /** As stored in vouchers.voucher_no (voucherIdentity's number). */
  voucherNo: string;
  summary: string | null;
  lines: readonly { summary: string; accountCode: string; accountName?: string | undefined; dimensions: Record<string, string> }[];
  /** Cited numbers as voucher_refs holds them: one per (kind, number). */
  refs: readonly { type: string; no: string }[];
}

/** PostgreSQL's concat_ws: nulls are skipped, empty strings are not. */
const concatWs = (sep: string, parts: readonly (string | null | undefined)[]) => parts.filter((p): p is string => p !== null && p !== undefined).join(sep);
const nullif = (a: string | null, b: string | null) => (a === b ? null : a);

/** Code point order, which is how a C.UTF-8 database sorts text (UTF-16 comparison differs above U+FFFF). */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
const sortText = (values: string[]) => (values.every((v) => !/[\ud800-\udfff]/.test(v)) ? values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : values.sort(byCodePoint));

/** The texts `indexRecords` builds for a voucher record (its catalogue and detail select lists). */
export function voucherSearchTexts(v: VoucherForSearch): SearchTexts {
  const parts = new Set<string>();
  const accounts = new Set<string>();
  for (const line of v.lines) {
    const own = [nullif(line.summary, v.title), concatWs(" ", [line.accountCode, line.accountName]), ...Object.values(line.dimensions)].filter(
      (p): p is string => p !== null && p !== "",
    );
    for (const p of own) parts.add(p);
    if (own.length > 0) accounts.add(ACCOUNT_LEXEME + line.accountCode);
  }
  const lineText = parts.size > 0 ? sortText([...parts]).join(PART_SEPARATOR) : null;
  const unique = new Map(v.refs.map((r) => [`${r.type}\u0000${r.no}`, r.no]));
  const refText = unique.size > 0 ? sortText([...unique.values()]).join(" ") : null;
  return {
    catalogText: concatWs(PART_SEPARATOR, [v.title, v.archivalCode, `${v.voucherWord}-${v.voucherNo}`]),
    catalogWords: concatWs(PART_SEPARATOR, [v.title, `${v.voucherWord}-${v.voucherNo}`]),
    detailText: concatWs(PART_SEPARATOR, [nullif(v.summary, v.title), lineText, refText]),
    accountCodes: [...accounts],
    archivalCode: v.archivalCode,
  };
}

const MAX_POS = 16383;
const RUN = /[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

/**
 * PostgreSQL's lower() maps to ASCII letters only from ASCII capitals and İ (U+0130, whose full
 * lower case in JavaScript is two characters); every other character lower-cases outside the runs
 * acta_search_vector keeps, so only these need mapping.
 */
const lowerForRuns = (s: string) => s.replace(/[A-Z\u0130]/g, (c) => (c === "\u0130" ? "i" : c.toLowerCase()));

/** acta_search_vector's tokens (drizzle/0007): lexeme and position, before weights. */
function tokens(body: string, emit: (lexeme: string, pos: number) => void): number {
  let n = 0;
  let max = 0;
  for (const [m] of lowerForRuns(body.normalize("NFKC")).matchAll(RUN)) {
    n += 1;
    if (m.charCodeAt(0) < 128) {
      const pos = Math.min(n * 16 + 1, MAX_POS);
      emit(m.slice(0, 64), pos);
      max = Math.max(max, pos);
    } else {
      for (let i = 1; i <= m.length; i += 1) {
        const pos = Math.min(n * 16 + i, MAX_POS);
        emit(m.slice(i - 1, i + 1), pos);
        max = Math.max(max, pos);
      }
    }
  }
  return max;
}

// Nearly every lexeme is a bigram or a word with nothing to escape: tested before the two replaces.
const NEEDS_ESCAPE = /['\\]/;
const quote = (lexeme: string) => (NEEDS_ESCAPE.test(lexeme) ? `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'` : `'${lexeme}'`);

/** At most this many positions of one lexeme are kept, the first ones (PostgreSQL's MAXNUMPOS). */
const MAX_POSITIONS = 256;

/** The last position a tsvector keeps of each lexeme: its first 256 distinct positions, in order. */
function lastKept(positions: Map<string, number[]>): Map<string, number> {
  return new Map([...positions].map(([lexeme, list]) => [lexeme, [...new Set(list)].sort((a, b) => a - b).slice(0, MAX_POSITIONS).at(-1)!]));
}

/**
 * `acta_search_vector(catalogWords, 'A') || acta_search_vector(detail, 'D') || accounts ||
 * acta_search_vector(archivalCode, 'A')` as a tsvector literal. Each `||` shifts the right-hand
 * positions by the largest one the left keeps (capped at 16383); the input parser then merges repeated
 * lexemes as the SQL functions do (duplicates dropped, the heavier weight kept, at most 256 positions per
 * lexeme, the first ones). One difference is written out: `||` adds nothing to a lexeme whose
 * positions already reached the cap, where the parser would keep the heavier weight of the two.
 */
export function searchDocument(texts: Pick<SearchTexts, "catalogWords" | "detailText" | "accountCodes" | "archivalCode">): string {
  const out: string[] = [];
  // Positions per lexeme are kept only when a code follows: the import writes records without codes.
  const positions = texts.archivalCode === null ? null : new Map<string, number[]>();
  const add = (lexeme: string, pos: number, weight: "A" | "") => {
    out.push(`${quote(lexeme)}:${pos}${weight}`);
    if (!positions) return;
    const list = positions.get(lexeme);
    if (list) list.push(pos);
    else positions.set(lexeme, [pos]);
  };
  const shift = tokens(texts.catalogWords, (lexeme, pos) => add(lexeme, pos, "A"));
  tokens(texts.detailText, (lexeme, pos) => add(lexeme, Math.min(pos + shift, MAX_POS), ""));
  for (const code of texts.accountCodes) out.push(quote(code));
  if (positions && texts.archivalCode !== null) {
    const last = lastKept(positions);
    const codeShift = Math.max(0, ...last.values());
    tokens(texts.archivalCode, (lexeme, pos) => {
      if (last.get(lexeme) !== MAX_POS) out.push(`${quote(lexeme)}:${Math.min(pos + codeShift, MAX_POS)}A`);
    });
  }
  return out.join(" ");
}

/** What a voucher record's search row says, computed before the transaction that writes it. */
export interface SearchContent {
  catalogText: string;
  detailText: string;
  /** A tsvector literal. */
  doc: string;
}

export function voucherSearchContent(v: VoucherForSearch): SearchContent {
  const texts = voucherSearchTexts(v);
  return { catalogText: texts.catalogText, detailText: texts.detailText, doc: searchDocument(texts) };
}

export interface VoucherSearchRow extends SearchContent {
  recordId: string;
  fondsId: string;
  fiscalYear: number;
  period: number;
  docDate: string;
  amount: string;
}

// postgres.js serialises only some array types; text[] and int[] are enough, cast in the select.
const text = (values: readonly (string | null)[]) => sql`${sql.param(values)}::text[]`;
const ints = (values: readonly number[]) => sql`${sql.param(values)}::int[]`;

/**
 * Writes the search rows of voucher records from the writer's own data in one statement: what
 * `indexRecords` does for these records without reading back records, vouchers, lines and citations.
 * Records created in this transaction have no row yet, so theirs are copied in; others are replaced.
 */
export async function indexVouchers(tx: Tx, rows: readonly VoucherSearchRow[], options: { created: boolean }): Promise<void> {
  if (rows.length === 0) return;
  if (options.created) {
    // indexed_at takes its default, now(), as the upsert below sets it.
    await copyRows(
      tx,
      "record_search",
      // Vouchers are monthly, as write-vouchers records them.
      ["record_id", "fonds_id", "fiscal_year", "period_kind", "period", "category", "doc_date", "amount", "catalog_text", "detail_text", "doc"],
      rows.map((r) => copyLine([r.recordId, r.fondsId, r.fiscalYear, "month", r.period, "voucher", r.docDate, r.amount, r.catalogText, r.detailText, r.doc])),
    );
    return;
  }
  await tx.execute(sql`
    insert into record_search (record_id, fonds_id, fiscal_year, period_kind, period, category, doc_date, amount, catalog_text, detail_text, doc, indexed_at)
    select t.id::uuid, t.fonds::uuid, t.fy, 'month', t.p, 'voucher', t.d::date, t.amount::numeric, t.ct, t.dt, t.doc::tsvector, now()
    from unnest(${text(rows.map((r) => r.recordId))}, ${text(rows.map((r) => r.fondsId))}, ${ints(rows.map((r) => r.fiscalYear))},
      ${ints(rows.map((r) => r.period))}, ${text(rows.map((r) => r.docDate))}, ${text(rows.map((r) => r.amount))},
      ${text(rows.map((r) => r.catalogText))}, ${text(rows.map((r) => r.detailText))}, ${text(rows.map((r) => r.doc))})
      as t(id, fonds, fy, p, d, amount, ct, dt, doc)
    on conflict (record_id) do update set
      fonds_id = excluded.fonds_id, fiscal_year = excluded.fiscal_year, period_kind = excluded.period_kind, period = excluded.period,
      category = excluded.category, doc_date = excluded.doc_date, amount = excluded.amount, catalog_text = excluded.catalog_text, detail_text = excluded.detail_text,
      doc = excluded.doc, indexed_at = excluded.indexed_at`);
}
