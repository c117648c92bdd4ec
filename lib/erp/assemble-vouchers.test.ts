import { describe, expect, it } from "vitest";
import { assembleVouchers, type StagedLine } from "@/lib/erp/assemble-vouchers";
import type { FlatCanonicalLine, VoucherHeader } from "@/lib/erp/model";

const header: VoucherHeader = {
  sourceSystem: "sap",
  fiscalYear: 2024,
  period: 3,
  voucherWord: "SA",
  voucherNo: "100",
  date: "2024-03-15",
  currency: "CNY",
  invoiceNumbers: [],
  documentRefs: [],
};

function staged(rowNo: number, h: Partial<VoucherHeader>, seq: number, debit: string, credit: string): StagedLine {
  const line: FlatCanonicalLine = { header: { ...header, ...h }, line: { seq, summary: "支付货款", accountCode: debit === "0.00" ? "1002" : "2202", debit, credit, dimensions: {} } };
  return { rowNo, line };
}

describe("assembleVouchers", () => {
  it("groups lines spread over the file, renumbers them and unions citations", () => {
    const { vouchers, errors } = assembleVouchers([
      staged(2, { voucherNo: "0100", documentRefs: ["RE-1"] }, 20, "500.00", "0.00"),
      staged(3, { voucherNo: "99" }, 1, "10.00", "0.00"),
      staged(4, { voucherNo: "99" }, 2, "0.00", "10.00"),
      staged(9, { voucherNo: "100", preparer: "周敏", documentRefs: ["RE-2"] }, 10, "0.00", "500.00"),
    ]);
    expect(errors).toEqual([]);
    expect(vouchers.map((v) => [v.voucher.voucherNo, v.rowNos, v.voucher.preparer, v.voucher.documentRefs, v.voucher.lines.map((l) => [l.seq, l.debit, l.credit])])).toEqual([
      ["99", [3, 4], undefined, [], [[1, "10.00", "0.00"], [2, "0.00", "10.00"]]],
      ["0100", [9, 2], "周敏", ["RE-1", "RE-2"], [[1, "0.00", "500.00"], [2, "500.00", "0.00"]]],
    ]);
  });

  it("rejects a voucher whose lines disagree on the header", () => {
    const { vouchers, errors } = assembleVouchers([staged(2, {}, 1, "5.00", "0.00"), staged(3, { date: "2024-03-16" }, 2, "0.00", "5.00")]);
    expect(vouchers).toEqual([]);
    expect(errors).toEqual([
      {
        rowNo: 3,
        field: "date",
        value: "2024-03-16",
        code: "erp.header_conflict",
        params: { row: 3, column: "date", value: "2024-03-16", first: "2024-03-15", firstRow: 2, word: "SA", no: "100", year: 2024, period: 3 },
      },
    ]);
  });

  it("runs the voucher rules on every assembled voucher", () => {
    const { vouchers, errors } = assembleVouchers([staged(2, { date: "2024-04-01" }, 1, "5.00", "0.00"), staged(3, { date: "2024-04-01" }, 2, "0.00", "5.00")]);
    expect(vouchers).toEqual([]);
    expect(errors.map((e) => [e.rowNo, e.code])).toEqual([[2, "erp.date_outside_period"]]);
  });

  it("refuses a voucher listed twice in one file instead of doubling its lines", () => {
    // Two overlapping exports pasted together: the same entries (by their source number) come again.
    const { vouchers, errors } = assembleVouchers([
      staged(2, {}, 1, "5.00", "0.00"),
      staged(3, {}, 2, "0.00", "5.00"),
      staged(7, {}, 1, "5.00", "0.00"),
      staged(8, {}, 2, "0.00", "5.00"),
    ]);
    expect(vouchers).toEqual([]);
    expect(errors).toEqual([
      { rowNo: 7, field: "seq", value: "1", code: "erp.voucher_repeated", params: { row: 7, column: "seq", value: "1", firstRow: 2, word: "SA", no: "100", year: 2024, period: 3 } },
    ]);
    // Lines of one JSON voucher share its entry number: that is not a repeat.
    expect(assembleVouchers([staged(1, {}, 1, "5.00", "0.00"), staged(1, {}, 1, "0.00", "5.00")]).errors).toEqual([]);
  });
});
