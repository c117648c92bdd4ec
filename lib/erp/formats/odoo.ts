import { defineTabular, headerConfidence, type TabularSpec } from "@/lib/erp/formats/tabular";
import type { ErpFormat } from "@/lib/erp/formats/types";

/** "600000 Expenses" → code and name; Odoo prints the account's code before its name. */
export function splitCodeName(text: string, separator: RegExp): { code: string; name?: string } {
  const m = separator.exec(text.trim());
  return m?.[1] && m[2] ? { code: m[1], name: m[2] } : { code: text.trim() };
}

/** account.move.line list export (labels or technical field names). */
export const odooSpec: TabularSpec = {
  columns: {
    externalId: ["Journal Entry", "move_id", "Journal Entry/Number", "move_name"],
    date: ["Date", "date"],
    voucherWord: ["Journal", "journal_id"],
    documentRef: ["Reference", "ref"],
    accountCode: ["Account", "account_id"],
    summary: ["Label", "name"],
    debit: ["Debit", "debit"],
    credit: ["Credit", "credit"],
    foreignAmount: ["Amount in Currency", "amount_currency"],
    lineCurrency: ["Currency", "currency_id"],
  },
  dimensions: { partner: ["Partner", "partner_id"], analytic: ["Analytic Distribution", "analytic_distribution"] },
  required: ["externalId", "date", "accountCode"],
  // parent_state: only posted moves are in the books (Odoo's own reports leave drafts and cancelled moves out).
  status: { columns: ["Status", "parent_state"], excluded: (value) => /^(?:draft|cancel|cancelled|canceled|草稿|已取消|取消)$/i.test(value) },
  fillDown: ["externalId", "date", "voucherWord", "documentRef"],
  options: () => ({
    sourceSystem: "odoo",
    dateFormats: ["YYYY-MM-DD", "YYYY/MM/DD", "excel"],
    decimalSeparator: ".",
    debitCredit: { mode: "two-columns" },
    defaultVoucherWord: "MISC",
  }),
  prepare(values) {
    // The Journal Entry column holds the move's display name, which appends its reference:
    // "MISC/2024/01/0003 (EXP-2024-031)". The name itself never has a space.
    const name = /^(\S+)\s+\(.*\)$/s.exec(values.externalId ?? "")?.[1] ?? values.externalId ?? "";
    values.externalId = name;
    // Move names follow the journal sequence "MISC/2024/01/0003": journal code, then the number. A draft's
    // display name puts a label before it ("Draft Entry MISC/2024/03/0005"): no word, so it is refused.
    const m = /^([^/\s]+)\/\S*?(\d+)$/.exec(name);
    if (m?.[1] && m[2]) {
      values.voucherWord = m[1];
      values.voucherNo = m[2];
    } else {
      values.voucherNo = name;
    }
    const account = splitCodeName(values.accountCode ?? "", /^(\S*\d\S*)\s+(.+)$/);
    values.accountCode = account.code;
    values.accountName = account.name;
  },
};

const tabular = defineTabular(odooSpec);

export const odoo: ErpFormat = {
  id: "odoo",
  label: { "zh-CN": "Odoo 日记账分录行", en: "Odoo journal items" },
  kinds: ["tabular"],
  // The import-compatible export heads its columns with field names instead of labels.
  detect: (sample) =>
    Math.max(
      headerConfidence(sample, ["Journal Entry", "Journal", "Label", "Partner", "Amount in Currency", "Analytic Distribution", "Balance"], tabular.vocabulary),
      headerConfidence(sample, ["move_id", "move_name", "journal_id", "account_id", "partner_id", "amount_currency", "parent_state"], tabular.vocabulary),
    ),
  tabular,
};
