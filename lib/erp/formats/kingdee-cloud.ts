import { dimensionKey, type BuildOptions, type Field, type FieldValues } from "@/lib/erp/formats/build-line";
import { asArray, mapDocumentRecords, text } from "@/lib/erp/formats/document";
import { defineTabular, headerConfidence, type TabularSpec } from "@/lib/erp/formats/tabular";
import type { ErpFormat } from "@/lib/erp/formats/types";

const options: BuildOptions = {
  sourceSystem: "kingdee-cloud",
  dateFormats: ["YYYY-MM-DD", "YYYY/MM/DD", "excel"],
  decimalSeparator: ".",
  debitCredit: { mode: "two-columns" },
  defaultVoucherWord: "记",
};

/**
 * 金蝶云星空 凭证查询 list export (Chinese headers), and the 引入/引出 template: a row of field keys over a row of
 * field names ("(单据头)凭证号", "(分录)借方金额"), read as one header, voucher fields on a voucher's first row.
 */
export const kingdeeCloudSpec: TabularSpec = {
  columns: {
    date: ["日期", "凭证日期", "(单据头)日期"],
    fiscalYear: ["年度", "会计年度", "(单据头)会计年度"],
    period: ["期间", "会计期间", "(单据头)期间"],
    // The template's 凭证字 is its number (PRE001); the name beside it may be left blank.
    voucherWord: ["凭证字", "(单据头)凭证字#编码"],
    voucherNo: ["凭证号", "(单据头)凭证号"],
    attachmentCount: ["附件数", "(单据头)附件数"],
    preparer: ["制单人", "制单"],
    reviewer: ["审核人"],
    poster: ["过账人", "记账人"],
    cashier: ["出纳", "出纳复核人"],
    seq: ["分录号", "分录行号", "FEntryID", "分录(序号)"],
    summary: ["摘要", "FEXPLANATION", "(分录)摘要"],
    accountCode: ["科目编码", "FACCOUNTID", "(分录)科目编码#编码"],
    accountName: ["科目名称", "科目全名", "(分录)科目编码#名称"],
    dimensionText: ["核算维度", "FDetailID"],
    lineCurrency: ["币别", "(分录)币别#编码"],
    exchangeRate: ["汇率", "(分录)汇率"],
    foreignAmount: ["原币金额", "(分录)原币金额"],
    debit: ["借方金额", "(分录)借方金额"],
    credit: ["贷方金额", "(分录)贷方金额"],
    quantity: ["数量", "(分录)数量"],
    unitPrice: ["单价", "(分录)单价"],
  },
  dimensions: {
    settlementMethod: ["结算方式", "(分录)结算方式#编码"],
    settlementNo: ["结算号", "(分录)结算号"],
    book: ["账簿"],
    // The standard 核算维度 flex fields, as the template names them (FDetailID#FFlex5 = 部门, …).
    department: ["(分录)部门#编码"],
    customer: ["(分录)客户#编码"],
    supplier: ["(分录)供应商#编码"],
    employee: ["(分录)员工#编码"],
    expenseItem: ["(分录)费用项目#编码"],
  },
  required: ["date", "voucherNo", "accountCode"],
  // The list prints voucher fields on a voucher's first line only (merged cells in XLSX, blanks in
  // CSV); this also covers large XLSX files read by the streaming reader, which cannot fill merges.
  fillDown: ["voucherNo", "voucherWord", "date", "fiscalYear", "period", "attachmentCount", "preparer", "reviewer", "poster", "cashier"],
  options: () => options,
  prepare(values) {
    if (values.voucherWord) values.voucherWord = PRESET_WORDS[values.voucherWord] ?? values.voucherWord;
    if (values.lineCurrency) values.lineCurrency = PRESET_CURRENCIES[values.lineCurrency] ?? values.lineCurrency;
  },
};

/**
 * 星空 numbers its preset voucher words and currencies (PRE001 = 记 / 人民币); exports that carry a
 * name use it instead.
 */
const PRESET_WORDS: Record<string, string> = { PRE001: "记", PRE002: "收", PRE003: "付", PRE004: "转" };
const PRESET_CURRENCIES: Record<string, string> = { PRE001: "CNY", PRE002: "HKD", PRE003: "EUR", PRE004: "JPY", PRE005: "TWD", PRE006: "GBP", PRE007: "USD" };

/** FDetailID flex fields of the standard 核算维度 (FFLEX4 供应商, FFLEX5 部门, FFLEX6 客户, FFLEX7 员工). */
const FLEX: Record<string, string> = { FFLEX4: "supplier", FFLEX5: "department", FFLEX6: "customer", FFLEX7: "employee", FFLEX9: "expenseItem" };

const HEAD_KEYS: Partial<Record<Field, string>> = {
  date: "FDate",
  fiscalYear: "FYEAR",
  period: "FPERIOD",
  voucherWord: "FVOUCHERGROUPID",
  voucherNo: "FVOUCHERGROUPNO",
  attachmentCount: "FATTACHMENTS",
};
const ENTRY_KEYS: Partial<Record<Field, string>> = {
  seq: "FEntryID",
  summary: "FEXPLANATION",
  accountCode: "FACCOUNTID",
  lineCurrency: "FCURRENCYID",
  exchangeRate: "FEXCHANGERATE",
  foreignAmount: "FAMOUNTFOR",
  quantity: "FQty",
  unitPrice: "FPrice",
  debit: "FDEBIT",
  credit: "FCREDIT",
};

const ref = (v: unknown) => text((v as { FNumber?: unknown; FName?: unknown } | undefined)?.FNumber ?? v);
const refName = (v: unknown) => text((v as { FName?: unknown } | undefined)?.FName);

function detailDimensions(detail: unknown): Record<string, string> {
  const dims: Record<string, string> = {};
  if (detail === null || typeof detail !== "object") return dims;
  for (const [key, value] of Object.entries(detail)) {
    const flex = /FFLEX\d+$/i.exec(key)?.[0].toUpperCase();
    const v = ref(value);
    if (flex && v) dims[FLEX[flex] ?? dimensionKey(flex)] = v;
  }
  return dims;
}

function voucherModels(document: unknown): unknown[] {
  if (Array.isArray(document)) return document.map((d) => (d as { Model?: unknown })?.Model ?? d);
  const d = document as { Model?: unknown; data?: unknown } | null;
  if (d?.Model !== undefined) return asArray(d.Model);
  if (d?.data !== undefined) return voucherModels(d.data);
  return [document];
}

function modelHead(m: Record<string, unknown>): FieldValues {
  return {
    date: text(m.FDate ?? m.FDATE),
    fiscalYear: text(m.FYEAR),
    period: text(m.FPERIOD),
    voucherWord: refName(m.FVOUCHERGROUPID) || PRESET_WORDS[ref(m.FVOUCHERGROUPID)] || ref(m.FVOUCHERGROUPID),
    voucherNo: text(m.FVOUCHERGROUPNO),
    attachmentCount: text(m.FATTACHMENTS),
    preparer: refName(m.FPREPARERID) || undefined,
    externalId: text(m.FVOUCHERID) || undefined,
  };
}

const tabular = defineTabular(kingdeeCloudSpec);
const distinctive = ["账簿", "业务日期", "审核状态", "科目编码", "核算维度", "借方金额", "贷方金额", "凭证字"];
const distinctiveTemplate = ["(单据头)凭证字#编码", "(单据头)凭证号", "分录(序号)", "(分录)科目编码#编码", "(分录)借方金额", "(分录)贷方金额"];

export const kingdeeCloud: ErpFormat = {
  id: "kingdee-cloud",
  label: { "zh-CN": "金蝶云星空 凭证", en: "Kingdee Cloud Galaxy vouchers" },
  kinds: ["tabular", "json"],
  detect(sample) {
    if (sample.container === "json") return /"FEntity"|"FACCOUNTID"|"FVOUCHERGROUPID"/.test(sample.text) ? 0.9 : 0;
    return Math.max(headerConfidence(sample, distinctive, tabular.vocabulary), headerConfidence(sample, distinctiveTemplate, tabular.vocabulary));
  },
  tabular,
  document: {
    map: (document, firstRowNo) =>
      mapDocumentRecords(voucherModels(document), firstRowNo, options, (m) => {
        const head = modelHead(m);
        return asArray(m.FEntity).map((entry, i) => {
          const e = entry as Record<string, unknown>;
          const currency = ref(e.FCURRENCYID);
          return {
            path: `FEntity.${i}`,
            keys: ENTRY_KEYS,
            headKeys: HEAD_KEYS,
            values: {
              ...head,
              seq: text(e.FEntryID) || String(i + 1),
              summary: text(e.FEXPLANATION),
              accountCode: ref(e.FACCOUNTID),
              accountName: refName(e.FACCOUNTID) || undefined,
              lineCurrency: PRESET_CURRENCIES[currency] ?? (currency || undefined),
              exchangeRate: text(e.FEXCHANGERATE),
              foreignAmount: text(e.FAMOUNTFOR),
              quantity: text(e.FQty ?? e.FQTY),
              unitPrice: text(e.FPrice ?? e.FPRICE),
              debit: text(e.FDEBIT),
              credit: text(e.FCREDIT),
            },
            dimensions: {
              ...detailDimensions(e.FDetailID),
              ...(ref(e.FSettleTypeID) ? { settlementMethod: ref(e.FSettleTypeID) } : {}),
              ...(text(e.FSETTLENO) ? { settlementNo: text(e.FSETTLENO) } : {}),
            },
          };
        });
      }, String, { entries: "FEntity", head: modelHead }),
  },
};
