import type { FieldValues } from "@/lib/erp/formats/build-line";
import { defineTabular, headerConfidence, type TabularSpec } from "@/lib/erp/formats/tabular";
import type { ErpFormat } from "@/lib/erp/formats/types";

/**
 * SAP posts year-end closing documents in special periods 13-16 of the last month; with the fiscal year the
 * calendar year (会计法 Art. 11) they are December's vouchers. Their document numbers stay unique in the year.
 */
export function foldSpecialPeriod(values: FieldValues): void {
  const period = Number(values.period);
  if (Number.isInteger(period) && period >= 13 && period <= 16) values.period = "12";
}

/** BKPF header joined with BSEG items, as table extracts (SE16N, 0FI_GL_4) name the fields. */
export const sapBkpfSpec: TabularSpec = {
  columns: {
    voucherNo: ["BELNR"],
    fiscalYear: ["GJAHR"],
    period: ["MONAT"],
    voucherWord: ["BLART"],
    date: ["BUDAT"],
    voucherSummary: ["BKTXT"],
    // WAERS is the document currency, HWAER the company code's: DMBTR is in HWAER.
    currency: ["HWAER"],
    lineCurrency: ["WAERS"],
    seq: ["BUZEI"],
    indicator: ["SHKZG"],
    accountCode: ["HKONT"],
    amount: ["DMBTR"],
    foreignAmount: ["WRBTR"],
    summary: ["SGTXT"],
    documentRef: ["XBLNR"],
  },
  dimensions: { companyCode: ["BUKRS"], postingKey: ["BSCHL"], costCenter: ["KOSTL"], assignment: ["ZUONR"] },
  required: ["voucherNo", "date", "accountCode"],
  // BSTAT: recurring-entry originals (D), sample documents (M), noted items (S) and parked documents (V, W, Z)
  // have BKPF/BSEG rows but post nothing to the ledger; a normal posting's BSTAT is blank.
  status: { columns: ["BSTAT"], excluded: (value) => /^[DMSVWZ]$/i.test(value) },
  options: () => ({
    sourceSystem: "sap",
    dateFormats: ["YYYYMMDD", "DD.MM.YYYY", "YYYY-MM-DD", "YYYY/MM/DD", "MM/DD/YYYY", "excel"],
    decimalSeparator: ".",
    // SE16N and ALV downloads print amounts in the user's decimal notation.
    separatorFromValue: true,
    // SHKZG: S = Soll (debit), H = Haben (credit); DMBTR is unsigned local-currency amount.
    debitCredit: { mode: "indicator", debitValues: ["S"], creditValues: ["H"] },
    defaultVoucherWord: "SA",
  }),
  prepare: foldSpecialPeriod,
};

const tabular = defineTabular(sapBkpfSpec);

export const sapBkpf: ErpFormat = {
  id: "sap-bkpf",
  label: { "zh-CN": "SAP BKPF/BSEG 表抽取", en: "SAP BKPF/BSEG table extract" },
  kinds: ["tabular"],
  detect: (sample) => headerConfidence(sample, ["BELNR", "GJAHR", "MONAT", "BLART", "BUDAT", "SHKZG", "HKONT", "DMBTR"], tabular.vocabulary),
  tabular,
};
