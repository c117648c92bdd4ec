import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, LOCALE_COOKIE, TIME_ZONE, isLocale } from "@/lib/i18n/config";
import { loadMessages } from "@/lib/i18n/load-messages";
import { getActor } from "./context";

// No locale in the URL: archive links are shared between colleagues who read different languages. This
// browser's choice first, then the one saved on the signed-in account (set by an administrator or by the
// user on another device), then Chinese.
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const saved = isLocale(chosen) ? null : (await getActor())?.locale;
  const locale = isLocale(chosen) ? chosen : isLocale(saved) ? saved : DEFAULT_LOCALE;
  return { locale, messages: loadMessages(locale), timeZone: TIME_ZONE };
});
