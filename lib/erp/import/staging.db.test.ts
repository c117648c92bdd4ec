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
