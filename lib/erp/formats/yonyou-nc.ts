import { dimensionKey, type BuildOptions, type Field, type FieldValues } from "@/lib/erp/formats/build-line";
import { asArray, mapDocumentRecords, text } from "@/lib/erp/formats/document";
import type { ErpFormat } from "@/lib/erp/formats/types";

const options: BuildOptions = {
  sourceSystem: "yonyou-nc",
  dateFormats: ["YYYY-MM-DD", "YYYY/MM/DD", "YYYYMMDD"],
  decimalSeparator: ".",
  debitCredit: { mode: "two-columns" },
  defaultVoucherWord: "记",
};

/** Elements of the NC GL voucher interface (<ufinterface billtype="gl"><voucher><voucher_head>). */
const HEAD: Partial<Record<Field, string>> = {
  voucherWord: "voucher_type",
  fiscalYear: "fiscal_year",
  period: "accounting_period",
  voucherNo: "voucher_id",
  attachmentCount: "attachment_number",
  date: "prepareddate",
  preparer: "enter",
  cashier: "cashier",
  reviewer: "checker",
  poster: "posting",
};
const HEAD_PATHS = Object.fromEntries(Object.entries(HEAD).map(([f, key]) => [f, `voucher_head.${key}`])) as Partial<Record<Field, string>>;
const ENTRY: Partial<Record<Field, string>> = {
  seq: "entryid",
  summary: "abstract",
  accountCode: "accsubjcode",
  accountName: "accsubjname",
  debit: "natural_debit_currency",
  credit: "natural_credit_currency",
  lineCurrency: "currency",
  exchangeRate: "exchange_rate2",
  foreignAmount: "amount",
  quantity: "quantity",
};

function pick(element: Record<string, unknown>, keys: Partial<Record<Field, string>>): FieldValues {
  const values: FieldValues = {};
  for (const [field, key] of Object.entries(keys) as [Field, string][]) {
    const v = text(element[key]);
    if (v) values[field] = v;
  }
  return values;
}

/** <auxiliary><item name="部门" code="01">财务部</item></auxiliary>: name is the 辅助核算 class. */
function auxiliary(entry: Record<string, unknown>): Record<string, string> {
  const dims: Record<string, string> = {};
  for (const item of asArray((entry.auxiliary as { item?: unknown } | undefined)?.item)) {
    const i = item as Record<string, unknown>;
    const name = text(i["@name"]);
    const value = text(i) || text(i["@code"]);
    if (name && value) dims[dimensionKey(name)] = value;
  }
  return dims;
}

function vouchers(document: unknown): unknown[] {
  const root = (document as { ufinterface?: { voucher?: unknown } } | null)?.ufinterface;
  return asArray(root?.voucher);
}

export const yonyouNc: ErpFormat = {
  id: "yonyou-nc",
  label: { "zh-CN": "用友 NC 凭证 XML", en: "Yonyou NC voucher XML" },
  kinds: ["xml"],
  detect: (sample) =>
    sample.container !== "xml" ? 0 : /<ufinterface[^>]*billtype="gl"/.test(sample.text) ? 0.95 : /<voucher_head>/.test(sample.text) ? 0.7 : 0,
  document: {
    map: (document, firstRowNo) =>
      mapDocumentRecords(
        vouchers(document),
        firstRowNo,
        options,
        (record) => {
          const v = record as { voucher_head?: Record<string, unknown>; voucher_body?: { entry?: unknown } };
          const head = pick(v.voucher_head ?? {}, HEAD);
          return asArray(v.voucher_body?.entry).map((entry, i) => {
            const e = (entry ?? {}) as Record<string, unknown>;
            return { path: `voucher_body.entry.${i}`, values: { ...head, ...pick(e, ENTRY) }, dimensions: auxiliary(e), keys: ENTRY, headKeys: HEAD_PATHS };
          });
        },
        (i) => `voucher.${i}`,
        { entries: "voucher_body.entry", head: (record) => pick((record as { voucher_head?: Record<string, unknown> }).voucher_head ?? {}, HEAD) },
      ),
  },
};
