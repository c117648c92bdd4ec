import { splitCodeName } from "@/lib/erp/formats/odoo";
import { defineTabular, headerConfidence, type RowProblem, type TabularSpec } from "@/lib/erp/formats/tabular";
import type { ErpFormat, TabularMapping } from "@/lib/erp/formats/types";

const isZero = (value: string) => /^[+-]?0*(?:\.0*)?$/.test(value);

const PARTY_DIMENSIONS: Record<string, string> = { Customer: "customer", Supplier: "supplier", Employee: "employee" };

/** General Ledger report (GL Entry) export, and the Journal Entry data export with its child table. */
export const erpnextSpec: TabularSpec = {
  columns: {
    date: ["Posting Date"],
    externalId: ["Voucher No", "ID"],
    accountCode: ["Account", "Account (Accounting Entries)"],
    // "Debit Amount" is the GL Entry list's label for the company-currency amount.
    // In the Journal Entry export "Debit (Accounting Entries)" is debit_in_account_currency: a USD bank
    // line's dollars. The voucher is in the company's currency, so that column comes first when exported.
    debit: ["Debit", "Debit Amount", "Debit in Company Currency (Accounting Entries)", "Debit (Accounting Entries)", "Debit (INR)", "Debit (CNY)"],
    credit: ["Credit", "Credit Amount", "Credit in Company Currency (Accounting Entries)", "Credit (Accounting Entries)", "Credit (INR)", "Credit (CNY)"],
    summary: ["Remarks", "User Remark", "User Remark (Accounting Entries)"],
    documentRef: ["Against Voucher", "Reference Name (Accounting Entries)"],
    exchangeRate: ["Exchange Rate (Accounting Entries)"],
    lineCurrency: ["Account Currency (Accounting Entries)", "Account Currency"],
  },
  dimensions: {
    partyType: ["Party Type", "Party Type (Accounting Entries)"],
    party: ["Party", "Party (Accounting Entries)"],
    costCenter: ["Cost Center", "Cost Center (Accounting Entries)"],
    company: ["Company"],
    voucherType: ["Voucher Type", "Entry Type"],
    against: ["Against Account"],
  },
  required: ["externalId", "date", "accountCode"],
  // Cancelling a document marks its GL entries and the reversing ones it adds; together they are no voucher.
  status: { columns: ["Is Cancelled"], excluded: (value) => /^(?:1|yes|true)$/i.test(value) },
  // The Journal Entry data export prints parent fields on the first child row only.
  fillDown: ["externalId", "date", "summary"],
  options: () => ({
    sourceSystem: "erpnext",
    dateFormats: ["YYYY-MM-DD", "DD.MM.YYYY", "YYYY/MM/DD", "excel"],
    decimalSeparator: ".",
    debitCredit: { mode: "two-columns" },
    defaultVoucherWord: "JV",
  }),
  prepare(values, dimensions, cell) {
    const problems: RowProblem[] = [];
    const companyColumns = cell("debitincompanycurrency(accountingentries)") !== undefined || cell("creditincompanycurrency(accountingentries)") !== undefined;
    // The account-currency amounts, where the company-currency ones are the line's debit and credit.
    const accountCurrency = companyColumns
      ? [cell("debit(accountingentries)"), cell("credit(accountingentries)")]
      : [cell("debitamountinaccountcurrency"), cell("creditamountinaccountcurrency")];
    values.foreignAmount = accountCurrency.find((v) => v !== undefined && !isZero(v));
    // Without the company-currency columns the Journal Entry export's amounts are in the account's currency;
    // at a rate other than 1 they are not the voucher's amounts, which the export does not hold.
    const rate = cell("exchangerate(accountingentries)");
    if (!companyColumns && cell("debit(accountingentries)") !== undefined && rate && !isZero(rate) && !/^0*1(?:\.0*)?$/.test(rate)) {
      const column = "Debit in Company Currency (Accounting Entries)";
      problems.push({ column, value: "", code: "erp.missing_column" });
    }
    // Naming series "ACC-JV-2024-00012": the series (without its year) is the word, the counter the number.
    // Cancel-and-amend names the replacement "ACC-JV-2024-00012-1": an unpadded suffix after the padded
    // counter (a year or a short counter, as in "JV-2024-12", is no counter being amended). The replacement
    // takes the number of the document it replaces, whose entries were cancelled.
    const name = (values.externalId ?? "").replace(/((?:^|\D)(?:0\d{3,}|[1-9]\d{4,}))-[1-9]\d{0,2}$/, "$1");
    const m = /^(.*?)[-/]?(\d+)$/.exec(name);
    if (m?.[2]) {
      values.voucherWord = (m[1] ?? "").replace(/[-/.]?\d{4}$/, "") || undefined;
      values.voucherNo = m[2];
    }
    // "1110 - Cash - ACME": number, name, company abbreviation.
    const account = splitCodeName(values.accountCode ?? "", /^(\d[\w.]*)\s+-\s+(.+?)(?:\s+-\s+[^-]+)?$/);
    values.accountCode = account.code;
    values.accountName = account.name;
    const partyDimension = PARTY_DIMENSIONS[dimensions.partyType ?? ""];
    if (partyDimension && dimensions.party) {
      dimensions[partyDimension] = dimensions.party;
      delete dimensions.party;
      delete dimensions.partyType;
    }
    return problems;
  },
};

const base = defineTabular(erpnextSpec);
/** The General Ledger report names its amount columns after the ledger's currency: "Debit (USD)". */
const LEDGER_AMOUNT = /^\s*(Debit|Credit|Balance)\s*\(\s*[A-Z]{3}\s*\)\s*$/i;
const tabular: TabularMapping = {
  vocabulary: base.vocabulary,
  bind: (header) => base.bind(header.map((cell) => cell.replace(LEDGER_AMOUNT, "$1"))),
};

export const erpnext: ErpFormat = {
  id: "erpnext",
  label: { "zh-CN": "ERPNext 总账分录", en: "ERPNext GL entries" },
  kinds: ["tabular"],
  detect: (sample) =>
    Math.max(
      headerConfidence(sample, ["Posting Date", "Voucher Type", "Voucher No", "Party Type", "Against Account", "Cost Center"], tabular.vocabulary),
      headerConfidence(sample, ["ID", "Posting Date", "Account (Accounting Entries)", "Debit (Accounting Entries)", "Credit (Accounting Entries)"], tabular.vocabulary),
    ),
  tabular,
};
