import { dimensionKey, type BuildOptions } from "@/lib/erp/formats/build-line";
import { asArray, mapDocumentRecords, text } from "@/lib/erp/formats/document";
import type { ErpFormat } from "@/lib/erp/formats/types";
import { isRevoked, pickUf, UF_AUXILIARY_KEYS, type UfKeys } from "@/lib/erp/formats/ufinterface";

const options: BuildOptions = {
  sourceSystem: "yonyou-nc",
  dateFormats: ["YYYY-MM-DD", "YYYY/MM/DD", "YYYYMMDD"],
  decimalSeparator: ".",
  debitCredit: { mode: "two-columns" },
  defaultVoucherWord: "记",
};

/**
 * Elements of the GL voucher interface (<ufinterface billtype="gl"><voucher><voucher_head>): the exchange
 * platform writes entry_id/account_code/posting_person, while files built from NC's voucher objects say
 * entryid/accsubjcode.
 */
const HEAD: UfKeys = {
  voucherWord: ["voucher_type"],
  fiscalYear: ["fiscal_year"],
  period: ["accounting_period"],
  voucherNo: ["voucher_id"],
  attachmentCount: ["attachment_number"],
  date: ["prepareddate", "date"],
  preparer: ["enter"],
  cashier: ["cashier"],
  reviewer: ["checker"],
  poster: ["posting_person", "posting"],
};
const ENTRY: UfKeys = {
  seq: ["entry_id", "entryid"],
  summary: ["abstract"],
  accountCode: ["account_code", "accsubjcode"],
  accountName: ["accsubjname"],
  debit: ["natural_debit_currency"],
  credit: ["natural_credit_currency"],
  lineCurrency: ["currency"],
  exchangeRate: ["exchange_rate2"],
  unitPrice: ["unit_price", "price"],
  foreignAmount: ["amount", "primary_debit_amount", "primary_credit_amount"],
  quantity: ["quantity", "debit_quantity", "credit_quantity"],
};

/** <auxiliary_accounting><item name="部门档案">0301</item></auxiliary_accounting>: name is the 辅助核算 class. */
function auxiliary(entry: Record<string, unknown>): Record<string, string> {
  const dims: Record<string, string> = {};
  const container = (entry.auxiliary_accounting ?? entry.auxiliary) as { item?: unknown } | undefined;
  for (const item of asArray(container?.item)) {
    const i = item as Record<string, unknown>;
    const name = text(i["@name"]);
    const value = text(i) || text(i["@code"]);
    if (name && value) dims[UF_AUXILIARY_KEYS[name] ?? dimensionKey(name)] = value;
  }
  return dims;
}

function vouchers(document: unknown): unknown[] {
  const root = (document as { ufinterface?: { voucher?: unknown } } | null)?.ufinterface;
  return asArray(root?.voucher);
}

const headOf = (record: Record<string, unknown>) => pickUf((record as { voucher_head?: Record<string, unknown> }).voucher_head ?? {}, HEAD, "voucher_head.");

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
          const v = record as { voucher_body?: { entry?: unknown } };
          const head = headOf(record);
          return asArray(v.voucher_body?.entry).map((entry, i) => {
            const e = (entry ?? {}) as Record<string, unknown>;
            const line = pickUf(e, ENTRY);
            return { path: `voucher_body.entry.${i}`, values: { ...head.values, ...line.values }, dimensions: auxiliary(e), keys: line.used, headKeys: head.used };
          });
        },
        (i) => `voucher.${i}`,
        {
          entries: "voucher_body.entry",
          head: (record) => headOf(record).values,
          excluded: (record) => isRevoked((record as { voucher_head?: Record<string, unknown> }).voucher_head?.revokeflag),
        },
      ),
  },
};
