export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "NEXT_LOCALE";
// Time is stored in UTC and shown as the finance department reads it.
export const TIME_ZONE = "Asia/Shanghai";

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);
