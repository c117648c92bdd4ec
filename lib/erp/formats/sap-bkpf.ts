import { defineTabular, headerConfidence, type TabularSpec } from "@/lib/erp/formats/tabular";
import type { ErpFormat } from "@/lib/erp/formats/types";

/** BKPF header joined with BSEG items, as table extracts (SE16N, 0FI_GL_4) name the fields. */
export const sapBkpfSpec: TabularSpec = {
  columns: {
    voucherNo: ["BELNR"],
    fiscalYear: ["GJAHR"],
    period: ["MONAT"],
    voucherWord: ["BLART"],
    date: ["BUDAT"],
    voucherSummary: ["BKTXT"],
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
  options: () => ({
    sourceSystem: "sap",
    dateFormats: ["YYYYMMDD", "DD.MM.YYYY", "YYYY-MM-DD", "excel"],
    decimalSeparator: ".",
    // SHKZG: S = Soll (debit), H = Haben (credit); DMBTR is unsigned local-currency amount.
    debitCredit: { mode: "indicator", debitValues: ["S"], creditValues: ["H"] },
    defaultVoucherWord: "SA",
  }),
};

const tabular = defineTabular(sapBkpfSpec);

export const sapBkpf: ErpFormat = {
  id: "sap-bkpf",
  label: { "zh-CN": "SAP BKPF/BSEG 表抽取", en: "SAP BKPF/BSEG table extract" },
  kinds: ["tabular"],
  detect: (sample) => headerConfidence(sample, ["BELNR", "GJAHR", "MONAT", "BLART", "BUDAT", "SHKZG", "HKONT", "DMBTR"], tabular.vocabulary),
  tabular,
};
