import { foldSpecialPeriod } from "@/lib/erp/formats/sap-bkpf";
import { defineTabular, headerConfidence, type TabularSpec } from "@/lib/erp/formats/tabular";
import type { ErpFormat } from "@/lib/erp/formats/types";
import { normaliseHeader } from "@/lib/erp/read/normalise-header";

const GERMAN = ["Buchungskreis", "Belegnummer", "Geschäftsjahr", "Buchungsperiode", "Belegart", "Buchungsdatum", "Sachkonto", "Betrag in Hauswährung", "Hauswährung", "Soll/Haben-Kennz."];

/** SAP FBL3N / FAGLL03 line-item list, with English or German column headers. */
export const sapFbl3nSpec: TabularSpec = {
  columns: {
    voucherNo: ["Document Number", "Belegnummer", "DocumentNo"],
    fiscalYear: ["Fiscal Year", "Geschäftsjahr"],
    period: ["Posting Period", "Buchungsperiode", "Period"],
    voucherWord: ["Document Type", "Belegart"],
    date: ["Posting Date", "Buchungsdatum", "Pstng Date"],
    summary: ["Text"],
    accountCode: ["G/L Account", "Sachkonto", "G/L Acct"],
    indicator: ["Debit/Credit ind", "Debit/Credit Indicator", "Soll/Haben-Kennz.", "Soll/Haben-Kennzeichen", "D/C"],
    amount: ["Amount in local currency", "Betrag in Hauswährung", "Amount in LC", "Betrag in HW"],
    currency: ["Local Currency", "Hauswährung", "LCurr"],
    // The posting's own currency and amount (WAERS, WRSHB) beside the local-currency amount.
    lineCurrency: ["Document currency", "Belegwährung"],
    foreignAmount: ["Amount in doc. curr.", "Betrag in Belegwährung"],
    documentRef: ["Reference", "Referenz"],
    seq: ["Line item", "Position"],
  },
  dimensions: {
    companyCode: ["Company Code", "Buchungskreis", "CoCd", "BuKr"],
    costCenter: ["Cost Center", "Kostenstelle"],
    assignment: ["Assignment", "Zuordnung"],
  },
  required: ["voucherNo", "date", "accountCode"],
  options: ({ has, header }) => ({
    sourceSystem: "sap",
    dateFormats: ["DD.MM.YYYY", "YYYY-MM-DD", "YYYY/MM/DD", "MM/DD/YYYY", "YYYYMMDD", "excel"],
    // The decimal notation is a user setting apart from the logon language: each amount shows its own
    // ("1.234,56" under English headers is common); the header language decides only values like "1.234".
    decimalSeparator: GERMAN.some((g) => header.includes(normaliseHeader(g))) ? "," : ".",
    separatorFromValue: true,
    // S = Soll (debit), H = Haben (credit); without the indicator column amounts are signed.
    debitCredit: has("indicator") ? { mode: "indicator", debitValues: ["S", "D"], creditValues: ["H", "C"] } : { mode: "signed-amount" },
    defaultVoucherWord: "SA",
  }),
  prepare: foldSpecialPeriod,
};

const tabular = defineTabular(sapFbl3nSpec);
const distinctive = ["Document Number", "Posting Period", "Document Type", "G/L Account", "Amount in local currency", "Debit/Credit ind"];

export const sapFbl3n: ErpFormat = {
  id: "sap-fbl3n",
  label: { "zh-CN": "SAP FBL3N 总账行项目", en: "SAP FBL3N G/L line items" },
  kinds: ["tabular"],
  detect: (sample) =>
    Math.max(headerConfidence(sample, distinctive, tabular.vocabulary), headerConfidence(sample, GERMAN.slice(1, 8), tabular.vocabulary)),
  tabular,
};
