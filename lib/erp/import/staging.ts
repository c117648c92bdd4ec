import { once } from "node:events";
import { finished } from "node:stream/promises";
import type postgres from "postgres";
import type { Db } from "@/db";
import { escapeCopy } from "@/lib/copy-rows";
import type { FlatCanonicalLine } from "@/lib/erp/model";

/** The postgres.js client behind a Drizzle database: COPY and cursors need it. */
export function rawClient(db: Db): postgres.Sql {
  return (db as Db & { $client: postgres.Sql }).$client;
}

export interface StagedRow {
  rowNo: number;
  key: string;
  /** Null for a row that could not be read: its voucher is refused whole. */
  line: FlatCanonicalLine | null;
}

const FLUSH_CHARS = 1 << 20;

/**
 * Lines of one voucher may be anywhere in a file (SAP lists sorted by account), so they are grouped
 * in PostgreSQL rather than in memory: rows stream into a temporary table with COPY, then come back
 * ordered by voucher through a cursor. Memory stays bounded by the cursor page, whatever the file.
 */
export async function openStaging(db: Db) {
  const conn = await rawClient(db).reserve();
  await conn`drop table if exists erp_import_staging`;
  await conn`create temp table erp_import_staging (row_no int not null, vkey text not null, line text)`;
  const copy = await conn`copy erp_import_staging (row_no, vkey, line) from stdin`.writable();
  let buffer = "";
  let sealed = false;
  const flush = async () => {
    if (buffer === "") return;
    const chunk = buffer;
    buffer = "";
    if (!copy.write(chunk)) await once(copy, "drain");
  };
  return {
    async add(row: StagedRow) {
      buffer += `${row.rowNo}\t${escapeCopy(row.key)}\t${row.line === null ? "\\N" : escapeCopy(JSON.stringify(row.line))}\n`;
      if (buffer.length >= FLUSH_CHARS) await flush();
    },
    /** Ends the COPY; then `groups()` yields the staged rows voucher by voucher. */
    async seal(): Promise<{ vouchers: number; groups: () => AsyncGenerator<StagedRow[]> }> {
      await flush();
      copy.end();
      await finished(copy);
      sealed = true;
      const [count] = await conn<{ n: number }[]>`select count(distinct vkey)::int as n from erp_import_staging`;
      return {
        vouchers: count?.n ?? 0,
        groups: async function* () {
          let current: StagedRow[] = [];
          for await (const page of conn<{ row_no: number; vkey: string; line: string | null }[]>`
            select row_no, vkey, line from erp_import_staging order by vkey, row_no`.cursor(2000)) {
            for (const r of page) {
              if (current.length > 0 && current[0]!.key !== r.vkey) {
                yield current;
                current = [];
              }
              current.push({ rowNo: r.row_no, key: r.vkey, line: r.line === null ? null : (JSON.parse(r.line) as FlatCanonicalLine) });
            }
          }
          if (current.length > 0) yield current;
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
        await conn`drop table if exists erp_import_staging`;
      } finally {
        conn.release();
      }
    },
  };
}
