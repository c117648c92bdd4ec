import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, LOCALE_COOKIE, TIME_ZONE, isLocale } from "@/lib/i18n/config";
import { loadMessages } from "@/lib/i18n/load-messages";

// No locale in the URL: archive links are shared between colleagues who read different languages.
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : DEFAULT_LOCALE;
  return { locale, messages: loadMessages(locale), timeZone: TIME_ZONE };
});
