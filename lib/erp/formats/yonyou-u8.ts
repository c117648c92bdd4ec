import type { BuildOptions } from "@/lib/erp/formats/build-line";
import { asArray, mapDocumentRecords, text } from "@/lib/erp/formats/document";
import { defineTabular, headerConfidence, type TabularSpec } from "@/lib/erp/formats/tabular";
import type { ErpFormat } from "@/lib/erp/formats/types";
import { isRevoked, pickUf, UF_AUXILIARY_KEYS, type UfKeys } from "@/lib/erp/formats/ufinterface";

const options: BuildOptions = {
  sourceSystem: "yonyou-u8",
  dateFormats: ["YYYY-MM-DD", "YYYY/MM/DD", "YYYYMMDD", "excel"],
  decimalSeparator: ".",
  debitCredit: { mode: "two-columns" },
  defaultVoucherWord: "记",
};

/** 用友 U8 凭证查询/引出 with Chinese headers. */
export const yonyouU8Spec: TabularSpec = {
  columns: {
    date: ["制单日期", "日期"],
    fiscalYear: ["会计年度"],
    period: ["会计期间", "期间"],
    voucherWord: ["凭证类别", "凭证类别字"],
    voucherNo: ["凭证编号", "凭证号"],
    attachmentCount: ["附单据数"],
    summary: ["摘要"],
    accountCode: ["科目编码"],
    accountName: ["科目名称"],
    debit: ["借方金额"],
    credit: ["贷方金额"],
    lineCurrency: ["币种"],
    exchangeRate: ["汇率"],
    foreignAmount: ["外币金额"],
    quantity: ["数量"],
    unitPrice: ["单价"],
    preparer: ["制单人"],
    reviewer: ["审核人"],
    poster: ["记账人"],
    cashier: ["出纳"],
  },
  dimensions: { department: ["部门"], employee: ["个人"], customer: ["客户"], supplier: ["供应商"], project: ["项目"] },
  required: ["date", "voucherNo", "accountCode"],
  // 凭证查询 prints the voucher fields on a voucher's first line only.
  fillDown: ["voucherNo", "voucherWord", "date", "fiscalYear", "period", "attachmentCount", "preparer", "reviewer", "poster", "cashier"],
  options: () => options,
};

/** U8 EAI/OpenAPI voucher keys (ufinterface voucher schema, as voucher/load returns it). */
const HEAD_KEYS: UfKeys = {
  voucherWord: ["voucher_type"],
  fiscalYear: ["fiscal_year"],
  period: ["accounting_period"],
  voucherNo: ["voucher_id"],
  date: ["date"],
  preparer: ["enter"],
  cashier: ["cashier"],
  reviewer: ["checker"],
  poster: ["posting_person", "bookkeeper"],
  attachmentCount: ["attachment_number"],
  externalId: ["reserve2"],
};
const ENTRY_KEYS: UfKeys = {
  seq: ["entry_id"],
  accountCode: ["account_code"],
  summary: ["abstract"],
  lineCurrency: ["currency"],
  exchangeRate: ["exchange_rate2"],
  quantity: ["quantity", "debit_quantity", "credit_quantity"],
  unitPrice: ["unit_price"],
  foreignAmount: ["primary_amount", "primary_debit_amount", "primary_credit_amount"],
  debit: ["natural_debit_currency"],
  credit: ["natural_credit_currency"],
};

function vouchers(document: unknown): unknown[] {
  const d = document as { ufinterface?: unknown; voucher?: unknown; vouchers?: unknown } | null;
  if (Array.isArray(document)) return document;
  if (d?.ufinterface !== undefined) return vouchers(d.ufinterface);
  if (d?.voucher !== undefined) return asArray(d.voucher);
  if (d?.vouchers !== undefined) return asArray(d.vouchers);
  return [document];
}

const tabular = defineTabular(yonyouU8Spec);
const distinctive = ["制单日期", "凭证类别", "凭证编号", "附单据数", "科目编码", "外币金额", "制单人", "记账人", "借方金额"];

export const yonyouU8: ErpFormat = {
  id: "yonyou-u8",
  label: { "zh-CN": "用友 U8 凭证", en: "Yonyou U8 vouchers" },
  kinds: ["tabular", "json"],
  detect(sample) {
    if (sample.container === "json") return /"natural_debit_currency"|"accounting_period"/.test(sample.text) && !/"accsubjcode"/.test(sample.text) ? 0.9 : 0;
    return headerConfidence(sample, distinctive, tabular.vocabulary);
  },
  tabular,
  document: {
    map: (document, firstRowNo) =>
      mapDocumentRecords(vouchers(document), firstRowNo, options, (record) => {
        const head = pickUf(record, HEAD_KEYS);
        return asArray(record.entry).map((entry, i) => {
          const e = (entry ?? {}) as Record<string, unknown>;
          const dimensions: Record<string, string> = {};
          for (const [key, dim] of Object.entries(UF_AUXILIARY_KEYS)) {
            const v = text((e.auxiliary as Record<string, unknown> | undefined)?.[key]);
            if (v) dimensions[dim] = v;
          }
          const line = pickUf(e, ENTRY_KEYS);
          return { path: `entry.${i}`, values: { ...head.values, ...line.values }, dimensions, keys: line.used, headKeys: head.used };
        });
      }, (i) => `voucher.${i}`, { entries: "entry", head: (record) => pickUf(record, HEAD_KEYS).values, excluded: (record) => isRevoked(record.revokeflag) }),
  },
};
