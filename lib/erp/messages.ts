import en from "@/lib/i18n/messages/en/erp.json";
import zhCN from "@/lib/i18n/messages/zh-CN/erp.json";
import { ERP_FORMATS } from "@/lib/erp/formats";

export type ErpLocale = "zh-CN" | "en";

type Messages = typeof zhCN;
const MESSAGES: Record<ErpLocale, Messages> = { "zh-CN": zhCN, en };
// Detection reasons carry the format's id, which a reader does not know by that name.
const FORMAT_LABELS = new Map<string, Record<ErpLocale, string>>(ERP_FORMATS.map((f) => [f.id, f.label]));

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

function lookup(messages: Messages, code: string): string | undefined {
  let node: unknown = messages;
  for (const part of code.split(".")) node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

/**
 * Renders an ERP code for a finance clerk (errors CSV, push API) without Next: the row and/or the
 * voucher the problem belongs to, then the message. Unknown codes come back as the code itself.
 */
export function formatErpMessage(locale: ErpLocale, code: string, params: Record<string, string | number> = {}): string {
  const messages = MESSAGES[locale];
  const template = lookup(messages, code);
  if (template === undefined) return code;
  const row = typeof params.row === "number" && params.row > 0;
  const voucher = params.word !== undefined && params.no !== undefined && params.word !== "" && params.no !== "";
  const location = row && voucher ? messages.erp.location.rowVoucher : voucher ? messages.erp.location.voucher : row ? messages.erp.location.row : "";
  const formatLabel = typeof params.format === "string" ? FORMAT_LABELS.get(params.format)?.[locale] : undefined;
  // Voucher-level problems name a header field by its code name ("date"); the clerk reads 日期.
  const fieldLabel = typeof params.column === "string" ? (messages.erp.fields as Record<string, string>)[params.column] : undefined;
  return fill(location + template, { ...params, ...(formatLabel ? { format: formatLabel } : {}), ...(fieldLabel ? { column: fieldLabel } : {}) });
}
