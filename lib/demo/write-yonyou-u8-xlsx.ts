import ExcelJS from "exceljs";
import { formatDecimal } from "@/lib/decimal";
import { DIMENSION_LABELS } from "./dimension-labels";
import { citedInvoiceNumbers, type DemoVoucher } from "./generate-ledger";

const DIMENSIONS = ["department", "employee", "customer", "supplier", "project"] as const;
const HEADER = ["制单日期", "会计期间", "凭证类别", "凭证编号", "附单据数", "摘要", "科目编码", "科目名称", "借方金额", "贷方金额", ...DIMENSIONS.map((d) => (d === "employee" ? "个人" : DIMENSION_LABELS[d]!)), "制单人", "审核人", "记账人", "出纳"];

/**
 * U8 凭证查询 exported to Excel: a merged title row and a subtitle above the header, the voucher's
 * head fields on its first line only (the readers fill them down), amounts as text with separators.
 */
export async function writeYonyouU8Xlsx(vouchers: readonly DemoVoucher[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("凭证查询");
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, HEADER.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  const periods = [...new Set(vouchers.map((v) => v.period))];
  sheet.addRow([`会计期间：${vouchers[0]?.fiscalYear ?? ""}年 ${Math.min(...periods)}—${Math.max(...periods)} 期`]);
  sheet.addRow(HEADER).font = { bold: true };
  for (const v of vouchers) {
    const invoices = citedInvoiceNumbers(v);
    v.lines.forEach((line, i) => {
      const head = i === 0 ? [v.date, v.period, v.voucherWord, Number(v.voucherNo), v.attachmentCount] : ["", "", "", "", ""];
      const summary = i === 0 && invoices.length > 0 ? `${line.summary} 发票号码${invoices.join("、")}` : line.summary;
      const amount = (value: string) => (value === "0.00" ? "" : formatDecimal(value, 2, { grouping: true }));
      const people = i === 0 ? [v.preparer, v.reviewer, v.poster, v.cashier ?? ""] : ["", "", "", ""];
      sheet.addRow([...head, summary, line.accountCode, line.accountName, amount(line.debit), amount(line.credit), ...DIMENSIONS.map((d) => line.dimensions[d] ?? ""), ...people]);
    });
  }
  sheet.columns.forEach((c) => (c.width = 14));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
