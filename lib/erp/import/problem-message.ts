import { formatErpMessage } from "@/lib/erp/messages";
import { formatMessage } from "@/lib/i18n/load-messages";

export const LOCALES = ["zh-CN", "en"] as const;

/** A problem in both languages, for the API and the errors file (the clerk reads Chinese, a vendor may not). */
export function problemMessage(code: string, params: Record<string, string | number>): { "zh-CN": string; en: string } {
  const render = (locale: (typeof LOCALES)[number]) => (code.startsWith("erp.") ? formatErpMessage(locale, code, params) : formatMessage(locale, code, params));
  return { "zh-CN": render("zh-CN"), en: render("en") };
}
