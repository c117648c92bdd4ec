import { createHash } from "node:crypto";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { Db } from "@/db";
import { rawClient } from "@/db/raw-client";
import { copyFrom, escapeCopy } from "@/lib/copy-rows";
import type { FlatCanonicalLine, VoucherHeader } from "@/lib/erp/model";

export interface StagedRow {
  rowNo: number;
  key: string;
  /** Null for a row that could not be read: its voucher is refused whole. */
  line: FlatCanonicalLine | null;
}

/** A voucher's staged rows, with the digest of their staged lines (null for one with a row it could not read). */
export interface StagedGroup {
  rows: StagedRow[];
  digest: string | null;
}

/** Vouchers set aside by matchWritten, by what the import counts them as. */
export interface MatchedVouchers {
  vouchers: number;
  rows: number;
  unchanged: number;
  /** Written by this very import in a run that was interrupted: counted as that run would have. */
  created: number;
  updated: number;
}

export interface SealedStaging {
  rows: number;
  matchWritten: (fondsId: string, importId: string) => Promise<MatchedVouchers>;
  groups: () => AsyncGenerator<StagedGroup>;
}

const FLUSH_CHARS = 1 << 20;

/**
 * A voucher's staged lines in cursor order, joined by newlines, as UTF-8, hashed with SHA-256: matchWritten
 * computes the same in PostgreSQL, and the two must agree byte for byte (a test compares them).
 */
function digestOf(lines: readonly (string | null)[]): string | null {
  if (lines.some((l) => l === null)) return null;
  return createHash("sha256").update(lines.join("\n"), "utf8").digest("hex");
}

/** Same header fields with the same values (the citation lists item by item). */
function sameHeader(a: VoucherHeader, b: VoucherHeader): boolean {
  const keys = Object.keys(a) as (keyof VoucherHeader)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
  }
  return true;
}

/**
 * Lines of one voucher may be anywhere in a file (SAP lists sorted by account), so they are grouped
 * in PostgreSQL rather than in memory: rows stream into a temporary table with COPY, then come back
 * ordered by voucher through a cursor. Memory stays bounded by the cursor page: not even the voucher keys
 * are kept, since at a million lines their set alone held tens of megabytes.
 */
export async function openStaging(db: Db) {
  const conn = await rawClient(db).reserve();
  await conn`drop table if exists erp_import_staging, erp_import_matched`;
  await conn`create temp table erp_import_staging (ord int not null, row_no int not null, vkey text not null, line text)`;
  const copy = await copyFrom(conn`copy erp_import_staging (ord, row_no, vkey, line) from stdin`);
  let buffer = "";
  let sealed = false;
  let rows = 0;
  let previous: { key: string; header: VoucherHeader } | null = null;
  const flush = async () => {
    if (buffer === "") return;
    const chunk = buffer;
    buffer = "";
    if (!copy.write(chunk)) await once(copy, "drain");
  };
  return {
    async add(row: StagedRow) {
      rows += 1;
      // A line repeating the header of the line before it, of the same voucher, is staged without it:
      // most exports list a voucher's lines together, each with the full header.
      const repeat = row.line !== null && previous !== null && previous.key === row.key && sameHeader(previous.header, row.line.header);
      const staged = row.line === null ? "\\N" : escapeCopy(JSON.stringify(repeat ? { line: row.line.line } : row.line));
      previous = row.line === null ? null : { key: row.key, header: row.line.header };
      buffer += `${rows}\t${row.rowNo}\t${escapeCopy(row.key)}\t${staged}\n`;
      if (buffer.length >= FLUSH_CHARS) await flush();
    },
    /**
     * Ends the COPY. Then `matchWritten` may set aside the vouchers an earlier import wrote from exactly
     * these lines, and `groups()` yields the other staged rows voucher by voucher.
     */
    async seal(): Promise<SealedStaging> {
      await flush();
      copy.end();
      await finished(copy);
      sealed = true;
      let matched = false;
      return {
        rows,
        async matchWritten(fondsId: string, importId: string): Promise<MatchedVouchers> {
          // Only staged vouchers the fonds already holds with a digest are hashed: a first import costs a
          // lookup per line, not a hash of the file.
          await conn`
            create temp table erp_import_matched as
            select g.vkey, g.rows, r.import_id is not distinct from ${importId}::uuid as own, r.created_at = r.updated_at as pristine
            from (
              select s.vkey, count(*)::int as rows,
                encode(sha256(convert_to(string_agg(s.line, chr(10) order by s.row_no, s.ord), 'UTF8')), 'hex') as digest
              from erp_import_staging s
              where exists (select 1 from records r where r.fonds_id = ${fondsId}::uuid and r.source_key = s.vkey and r.staged_digest is not null)
              group by s.vkey
              having bool_and(s.line is not null)
            ) g
            join records r on r.fonds_id = ${fondsId}::uuid and r.source_key = g.vkey and r.staged_digest = g.digest`;
          matched = true;
          const [counts] = await conn<MatchedVouchers[]>`
            select count(*)::int as vouchers, coalesce(sum(rows), 0)::int as rows,
              count(*) filter (where not own)::int as unchanged,
              count(*) filter (where own and pristine)::int as created,
              count(*) filter (where own and not pristine)::int as updated
            from erp_import_matched`;
          return counts!;
        },
        groups: async function* () {
          let current: StagedRow[] = [];
          let lines: (string | null)[] = [];
          const group = (): StagedGroup => ({ rows: current, digest: digestOf(lines) });
          // JSON and XML lines share their voucher's row number, and PostgreSQL's sort is not stable: the
          // staging order breaks the tie, or a line staged without its header could come first.
          for await (const page of conn<{ row_no: number; vkey: string; line: string | null }[]>`
            select row_no, vkey, line from erp_import_staging s
            ${matched ? conn`where not exists (select 1 from erp_import_matched m where m.vkey = s.vkey)` : conn``}
            order by vkey, row_no, ord`.cursor(2000)) {
            for (const r of page) {
              if (current.length > 0 && current[0]!.key !== r.vkey) {
                yield group();
                current = [];
                lines = [];
              }
              lines.push(r.line);
              const staged = r.line === null ? null : (JSON.parse(r.line) as Partial<FlatCanonicalLine> & Pick<FlatCanonicalLine, "line">);
              // A line staged without its header follows, in this order, the line whose header it repeats.
              const header = staged?.header ?? current.at(-1)?.line?.header;
              if (staged && !header) throw new Error(`staged row ${r.row_no} lacks its header`);
              current.push({ rowNo: r.row_no, key: r.vkey, line: staged ? { header: header!, line: staged.line } : null });
            }
          }
          if (current.length > 0) yield group();
        },
      };
    },
    async close() {
      // A COPY left open would hold the connection: abort it, which discards what it sent.
      if (!sealed) {
        copy.destroy(new Error("staging aborted"));
        await finished(copy).catch(() => {});
      }
      try {
        await conn`drop table if exists erp_import_staging, erp_import_matched`;
      } finally {
        conn.release();
      }
    },
  };
}
