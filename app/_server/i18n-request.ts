import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getEmbedContext } from "@/app/embed/_server/embed-session";
import { LOCALE_COOKIE, TIME_ZONE } from "@/lib/i18n/config";
import { loadMessages } from "@/lib/i18n/load-messages";
import { requestLocale } from "@/lib/i18n/request-locale";
import { getActor } from "./context";

// No locale in the URL: archive links are shared between colleagues who read different languages. This
// browser's choice first, then the one saved on the signed-in account (set by an administrator or by the
// user on another device), then Chinese. An embedded page's account is the OA user's mapped Acta user.
export default getRequestConfig(async () => {
  const locale = await requestLocale({
    cookie: (await cookies()).get(LOCALE_COOKIE)?.value,
    embedAccount: async () => (await getEmbedContext())?.actor.locale,
    sessionAccount: async () => (await getActor())?.locale,
  });
  return { locale, messages: loadMessages(locale), timeZone: TIME_ZONE };
});
