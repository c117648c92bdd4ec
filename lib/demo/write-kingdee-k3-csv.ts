import iconv from "iconv-lite";
import { quoteCsvField } from "@/lib/csv/excel-csv";
import { formatDecimal } from "@/lib/decimal";
import { DIMENSION_LABELS } from "./dimension-labels";
import { citedInvoiceNumbers, type DemoVoucher } from "./generate-ledger";

const HEADER = ["日期", "会计期间", "凭证字", "凭证号", "附件数", "制单", "审核", "过账", "出纳", "分录号", "摘要", "科目代码", "科目名称", "币别", "汇率", "借方", "贷方", "核算项目"];

const money = (value: string) => (value === "0.00" ? "" : formatDecimal(value, 2, { grouping: true }));

/**
 * K/3 凭证引出 as Excel saves it on a Chinese Windows: GBK, CRLF, Chinese headers, amounts with
 * thousands separators, 核算项目 as "类别:名称" pairs, and invoice numbers written into the 摘要
 * because K/3 has no invoice column. Plain RFC 4180 quoting, not the Excel-safe cells of Acta's own
 * exports: this stands in for the ERP's file, as the ERP writes it.
 */
export function writeKingdeeK3Csv(vouchers: readonly DemoVoucher[]): Buffer {
  const rows = [HEADER.join(",")];
  for (const v of vouchers) {
    const invoices = citedInvoiceNumbers(v);
    v.lines.forEach((line, i) => {
      const summary = i === 0 && invoices.length > 0 ? `${line.summary} 发票号码${invoices.join("、")}` : line.summary;
      const dims = Object.entries(line.dimensions)
        .map(([k, value]) => `${DIMENSION_LABELS[k] ?? k}:${value}`)
        .join(";");
      rows.push(
        [v.date.replace(/-/g, "/"), String(v.period), v.voucherWord, v.voucherNo, String(v.attachmentCount), v.preparer, v.reviewer, v.poster, v.cashier ?? "", String(i + 1), summary, line.accountCode, line.accountName, "人民币", "1", money(line.debit), money(line.credit), dims]
          .map(quoteCsvField)
          .join(","),
      );
    });
  }
  return iconv.encode(rows.join("\r\n") + "\r\n", "gbk");
}
