import { citedInvoiceNumbers, type DemoVoucher } from "./generate-ledger";

/** Acta's canonical voucher JSON (lib/erp/model), as an ERP integration posts it or saves it for upload. */
export function writeCanonicalJson(vouchers: readonly DemoVoucher[], sourceSystem: string): Buffer {
  const body = {
    vouchers: vouchers.map((v) => ({
      sourceSystem,
      fiscalYear: v.fiscalYear,
      period: v.period,
      voucherWord: v.voucherWord,
      voucherNo: v.voucherNo,
      date: v.date,
      preparer: v.preparer,
      reviewer: v.reviewer,
      poster: v.poster,
      ...(v.cashier ? { cashier: v.cashier } : {}),
      attachmentCount: v.attachmentCount,
      invoiceNumbers: citedInvoiceNumbers(v),
      lines: v.lines.map((l) => ({ summary: l.summary, accountCode: l.accountCode, accountName: l.accountName, debit: l.debit, credit: l.credit, dimensions: l.dimensions })),
    })),
  };
  return Buffer.from(JSON.stringify(body, null, 2) + "\n", "utf8");
}
