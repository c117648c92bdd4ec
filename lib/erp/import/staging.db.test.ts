import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeFonds } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import type { FlatCanonicalLine, VoucherHeader } from "@/lib/erp/model";
import { type StagedGroup, type StagedRow, openStaging } from "./staging";

const header = (no: string, extra: Partial<VoucherHeader> = {}): VoucherHeader => ({
  sourceSystem: "erp-test",
  fiscalYear: 2024,
  period: 3,
  voucherWord: "记",
  voucherNo: no,
  date: "2024-03-15",
  currency: "CNY",
  invoiceNumbers: [],
  documentRefs: ["BX-1"],
  ...extra,
});
const line = (h: VoucherHeader, seq: number): FlatCanonicalLine => ({
  header: h,
  line: { seq, summary: `第${seq}行\t"x"\\`, accountCode: "1001", debit: "1", credit: "0", dimensions: {} },
});

describe("openStaging", () => {
  it("gives every line back with its own header, grouped by voucher, however the file interleaves them", async () => {
    const { db } = testDb();
    const a = header("1");
    const rows: StagedRow[] = [
      { rowNo: 1, key: "A", line: line(a, 1) },
      { rowNo: 2, key: "A", line: line({ ...a, documentRefs: ["BX-1"] }, 2) },
      { rowNo: 3, key: "B", line: line(header("2"), 1) },
      { rowNo: 4, key: "A", line: line(a, 3) },
      { rowNo: 5, key: "A", line: line(header("1", { preparer: "张三" }), 4) },
      { rowNo: 6, key: "A", line: null },
      { rowNo: 7, key: "A", line: line(a, 5) },
      { rowNo: 8, key: "A", line: line({ ...a, documentRefs: ["BX-2"] }, 6) },
    ];
    const staging = await openStaging(db);
    try {
      for (const r of rows) await staging.add(r);
      const sealed = await staging.seal();
      expect(sealed.rows).toBe(8);
      const groups: StagedRow[][] = [];
      for await (const g of sealed.groups()) groups.push(g.rows);
      expect(groups).toEqual([rows.filter((r) => r.key === "A"), rows.filter((r) => r.key === "B")]);
    } finally {
      await staging.close();
    }
  });
});

describe("openStaging with documents", () => {
  it("keeps the file's order of lines that share a row number (JSON/XML: one row per voucher)", async () => {
    const { db } = testDb();
    const staging = await openStaging(db);
    const added: StagedRow[] = [];
    try {
      // Keys in file order are not in sort order, so PostgreSQL really sorts (and its sort is not stable).
      for (let v = 300; v >= 1; v -= 1) {
        const h = header(String(v));
        for (let seq = 1; seq <= 6; seq += 1) {
          const row: StagedRow = { rowNo: v, key: `K${v}`, line: line(h, seq) };
          added.push(row);
          await staging.add(row);
        }
      }
      const sealed = await staging.seal();
      const groups: StagedRow[][] = [];
      for await (const g of sealed.groups()) groups.push(g.rows);
      expect(groups).toHaveLength(300);
      for (const g of groups) expect(g).toEqual(added.filter((r) => r.key === g[0]!.key));
    } finally {
      await staging.close();
    }
  });
});

describe("openStaging's matchWritten", () => {
  it("sets aside the vouchers a record was written from byte for byte, as PostgreSQL and Node hash them alike, and counts this import's own as it wrote them", async () => {
    const { db } = testDb();
    const fonds = await makeFonds(db);
    const importId = randomUUID();
    // Tabs, quotes, backslashes (escaped for COPY) and Chinese (UTF-8): the two digests must still agree.
    const rows: StagedRow[] = ["1", "2", "3", "4", "5"].flatMap((no) => [1, 2].map((seq) => ({ rowNo: Number(no) * 10 + seq, key: `K${no}`, line: line(header(no), seq) })));
    rows.push({ rowNo: 99, key: "K5", line: null });
    const stage = async (work: (sealed: Awaited<ReturnType<Awaited<ReturnType<typeof openStaging>>["seal"]>>) => Promise<void>) => {
      const staging = await openStaging(db);
      try {
        for (const r of rows) await staging.add(r);
        await work(await staging.seal());
      } finally {
        await staging.close();
      }
    };
    const first: StagedGroup[] = [];
    await stage(async (sealed) => {
      for await (const g of sealed.groups()) first.push(g);
    });
    expect(first.map((g) => g.digest === null)).toEqual([false, false, false, false, true]);
    const digest = (key: string) => first.find((g) => g.rows[0]!.key === key)!.digest;
    // K1 another import's, unchanged; K2 this import's, untouched since (created); K3 this import's, changed
    // since it was created (updated); K4 written from other lines.
    const record = (key: string, stagedDigest: string | null, own: boolean, touched: boolean) =>
      db.execute(sql`
        insert into records (fonds_id, category, material_type, fiscal_year, period_kind, period, title, retention, source_system, source_key, staged_digest, import_id, updated_at)
        values (${fonds.id}, 'voucher', 'voucher', 2024, 'month', 3, ${key}, 'Y30', 'erp-test', ${key}, ${stagedDigest}, ${own ? importId : randomUUID()},
          now() + ${touched ? "1 hour" : "0 hours"}::interval)`);
    await record("K1", digest("K1"), false, false);
    await record("K2", digest("K2"), true, false);
    await record("K3", digest("K3"), true, true);
    await record("K4", digest("K1"), false, false);
    await stage(async (sealed) => {
      expect(await sealed.matchWritten(fonds.id, importId)).toEqual({ vouchers: 3, rows: 6, unchanged: 1, created: 1, updated: 1 });
      const rest: StagedGroup[] = [];
      for await (const g of sealed.groups()) rest.push(g);
      expect(rest.map((g) => g.rows[0]!.key)).toEqual(["K4", "K5"]);
      expect(rest[0]).toEqual(first[3]);
    });
    // Another fonds holds none of them.
    const other = await makeFonds(db);
    await stage(async (sealed) => {
      expect(await sealed.matchWritten(other.id, importId)).toEqual({ vouchers: 0, rows: 0, unchanged: 0, created: 0, updated: 0 });
    });
  });
});
