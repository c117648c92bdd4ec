import { describe, expect, it } from "vitest";
import { travelVoucher } from "@/lib/erp/__fixtures__/vouchers";
import { validateVoucher } from "@/lib/erp/validate-voucher";

const lines = travelVoucher.lines;

describe("validateVoucher", () => {
  it("accepts a balanced voucher dated inside its period and hands it back parsed", () => {
    const { voucher, problems } = validateVoucher(travelVoucher);
    expect(problems).toEqual([]);
    expect(voucher).toMatchObject({ voucherNo: "12", summary: "报销差旅费", currency: "CNY", invoiceNumbers: [] });
  });

  it("reports unbalanced totals with grouped amounts for the message", () => {
    const { problems } = validateVoucher({ ...travelVoucher, lines: [lines[0], { ...lines[1], credit: "1100" }] });
    expect(problems).toEqual([
      {
        field: "lines",
        value: "1200/1100",
        code: "erp.unbalanced",
        params: { word: "记", no: "12", year: "2024", period: "3", debitTotal: "1,200.00", creditTotal: "1,100.00" },
      },
    ]);
  });

  it("rejects lines with both sides or neither side", () => {
    const { problems } = validateVoucher({
      ...travelVoucher,
      lines: [{ ...lines[0], credit: "5" }, { ...lines[1], credit: "0" }, { ...lines[1], seq: 3, credit: "1195" }],
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ["lines.0", "erp.line_both_sides"],
      ["lines.1", "erp.line_no_amount"],
    ]);
  });

  it("rejects a date outside the fiscal year and period", () => {
    const { problems } = validateVoucher({ ...travelVoucher, date: "2024-04-01" });
    expect(problems).toEqual([expect.objectContaining({ field: "date", value: "2024-04-01", code: "erp.date_outside_period" })]);
  });

  it("maps structural failures to field codes with the offending value", () => {
    const { problems } = validateVoucher({
      ...travelVoucher,
      period: 13,
      voucherNo: "A12",
      attachmentCount: -1,
      preparer: undefined,
      sourceSystem: undefined,
      lines: [{ ...lines[0], debit: "12.345" }, lines[1]],
    });
    expect(problems.map((p) => [p.field, p.code, p.value])).toEqual([
      ["sourceSystem", "erp.field_required", ""],
      ["period", "erp.period_invalid", "13"],
      ["voucherNo", "erp.voucher_no_invalid", "A12"],
      ["attachmentCount", "erp.attachment_count_invalid", "-1"],
      ["lines.0.debit", "erp.amount_invalid", "12.345"],
    ]);
  });

  it("requires at least one line and an object", () => {
    expect(validateVoucher({ ...travelVoucher, lines: [] }).problems.map((p) => p.code)).toEqual(["erp.no_lines"]);
    expect(validateVoucher("x").problems.map((p) => p.code)).toEqual(["erp.voucher_not_object"]);
    expect(validateVoucher({ ...travelVoucher, voucherNo: "000" }).problems.map((p) => p.code)).toEqual(["erp.voucher_no_invalid"]);
  });
});
