import type { CanonicalVoucherInput } from "@/lib/erp/model";

/** A balanced 报销差旅费 voucher, the baseline the voucher-level tests vary. */
export const travelVoucher: CanonicalVoucherInput = {
  sourceSystem: "kingdee-k3",
  fiscalYear: 2024,
  period: 3,
  voucherWord: "记",
  voucherNo: "12",
  date: "2024-03-15",
  preparer: "张三",
  attachmentCount: 2,
  lines: [
    { seq: 1, summary: "报销差旅费", accountCode: "6602.01", accountName: "管理费用-差旅费", debit: "1200.00", credit: "0", dimensions: { department: "财务部" } },
    { seq: 2, summary: "报销差旅费", accountCode: "1001", accountName: "库存现金", debit: "0", credit: "1200" },
  ],
};
