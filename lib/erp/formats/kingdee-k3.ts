import { dimensionKey, type Field } from "@/lib/erp/formats/build-line";
import { defineTabular, headerConfidence, type TabularSpec } from "@/lib/erp/formats/tabular";
import type { ErpFormat } from "@/lib/erp/formats/types";

const INTEGRAL = ["fiscalYear", "period", "voucherNo", "seq", "attachmentCount"] as const satisfies readonly Field[];
/** The normalised headers of the numbered 核算项目 triples FCLSNAME<n>/FOBJNAME<n>/FOBJID<n>, n = "", 1…15. */
const DIMENSION_TRIPLES = Array.from({ length: 16 }, (_, n) => {
  const suffix = n === 0 ? "" : String(n);
  return [`fclsname${suffix}`, `fobjname${suffix}`, `fobjid${suffix}`] as const;
});

/** 金蝶 K/3 / KIS voucher exchange columns (DBF field names) and the Chinese headers of the same export. */
export const kingdeeK3Spec: TabularSpec = {
  columns: {
    date: ["FDATE", "日期", "凭证日期"],
    fiscalYear: ["FYEAR", "会计年度"],
    period: ["FPERIOD", "会计期间", "期间"],
    voucherWord: ["FGROUP", "凭证字"],
    voucherNo: ["FNUM", "凭证号"],
    attachmentCount: ["FATTCHMENT", "FATTACHMENTS", "附件数"],
    preparer: ["FPREPARE", "制单"],
    reviewer: ["FCHECKER", "审核"],
    poster: ["FPOSTER", "过账"],
    cashier: ["FCASH", "FCASHIER", "出纳"],
    seq: ["FENTRYID", "分录号"],
    summary: ["FEXP", "摘要"],
    accountCode: ["FACCTID", "科目代码"],
    accountName: ["FACCTNAME", "科目名称"],
    lineCurrency: ["FCYID", "币别"],
    exchangeRate: ["FEXCHRATE", "汇率"],
    foreignAmount: ["FFCYAMT", "原币金额"],
    quantity: ["FQTY", "数量"],
    unitPrice: ["FPRICE", "单价"],
    debit: ["FDEBIT", "借方"],
    credit: ["FCREDIT", "贷方"],
    dimensionText: ["核算项目"],
  },
  dimensions: {
    settlementMethod: ["FSETTLCODE", "结算方式"],
    settlementNo: ["FSETTLENO", "结算号"],
  },
  required: ["date", "voucherNo", "accountCode"],
  options: () => ({
    sourceSystem: "kingdee-k3",
    dateFormats: ["YYYY-MM-DD", "YYYY/MM/DD", "YYYYMMDD", "excel"],
    decimalSeparator: ".",
    debitCredit: { mode: "two-columns" },
    defaultVoucherWord: "记",
  }),
  prepare(values, dimensions, cell) {
    // The exchange file is a DBF whose FPERIOD, FNUM, FENTRYID and FATTCHMENT are N(10,5) numbers; saved as a
    // table they read "3.00000", which is the whole number 3.
    for (const field of INTEGRAL) {
      const m = /^(\d+)\.0*$/.exec(values[field] ?? "");
      if (m?.[1]) values[field] = m[1];
    }
    // 核算项目 come as numbered triples FCLSNAME<n>/FOBJID<n>/FOBJNAME<n> (class, code, name).
    for (const [clsName, objName, objId] of DIMENSION_TRIPLES) {
      const cls = cell(clsName);
      const value = cell(objName) || cell(objId);
      if (cls && value) dimensions[dimensionKey(cls)] = value;
    }
  },
};

const tabular = defineTabular(kingdeeK3Spec);
const distinctive = ["FGROUP", "FNUM", "FACCTID", "FEXP", "FENTRYID", "FPERIOD"];
const distinctiveChinese = ["会计期间", "凭证字", "附件数", "分录号", "科目代码", "过账", "核算项目", "借方", "贷方"];

export const kingdeeK3: ErpFormat = {
  id: "kingdee-k3",
  label: { "zh-CN": "金蝶 K/3 / KIS 凭证引出", en: "Kingdee K/3 / KIS voucher export" },
  kinds: ["tabular"],
  detect: (sample) =>
    Math.max(headerConfidence(sample, distinctive, tabular.vocabulary), headerConfidence(sample, distinctiveChinese, tabular.vocabulary)),
  tabular,
};
