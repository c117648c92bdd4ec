import { describe, expect, it } from "vitest";
import { testDb } from "@/db/test/setup";
import type { FlatCanonicalLine, VoucherHeader } from "@/lib/erp/model";
import { type StagedRow, openStaging } from "./staging";

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
      for await (const g of sealed.groups()) groups.push(g);
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
      for await (const g of sealed.groups()) groups.push(g);
      expect(groups).toHaveLength(300);
      for (const g of groups) expect(g).toEqual(added.filter((r) => r.key === g[0]!.key));
    } finally {
      await staging.close();
    }
  });
});
