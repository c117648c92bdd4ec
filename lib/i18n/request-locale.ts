import { DEFAULT_LOCALE, LOCALE_COOKIE, type Locale, isLocale } from "./config";

/** The language saved on an account, read only when the sources before it said nothing (a database read). */
export type SavedLocale = () => Promise<string | null | undefined>;

export interface LocaleSources {
  /** This browser's choice: the language cookie. */
  cookie: string | undefined;
  /**
   * The user an embedded page acts as (the OA account's mapping). The OA's frame carries neither Acta's
   * language cookie nor its main session, so this is the only account such a page knows; its cookie is
   * sent under /embed only, so elsewhere it is absent.
   */
  embedAccount?: SavedLocale;
  /** The user signed in to Acta itself. */
  sessionAccount?: SavedLocale;
  /** With neither: Chinese for pages. */
  fallback?: Locale;
}

/**
 * The documented rule (docs/architecture.md, i18n): this browser's choice, else the language saved on the
 * account acting in the request, else Chinese. The account is the embedded page's user before the main
 * session's: a frame shows what that user may see, so it speaks that user's language.
 */
export async function requestLocale(sources: LocaleSources): Promise<Locale> {
  if (isLocale(sources.cookie)) return sources.cookie;
  for (const account of [sources.embedAccount, sources.sessionAccount]) {
    const saved = account ? await account() : null;
    if (isLocale(saved)) return saved;
  }
  return sources.fallback ?? DEFAULT_LOCALE;
}

/** The language a program asks for: English if Accept-Language puts it first, otherwise Chinese. */
export function acceptedLocale(acceptLanguage: string | null | undefined): Locale {
  return /^en\b/i.test(acceptLanguage ?? "") ? "en" : DEFAULT_LOCALE;
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * The language of an API response's words (an error's message, a downloaded report). A browser (no Authorization header) gets what its pages
 * speak: its cookie, else its account, and only then Accept-Language, which a browser sends from the
 * operating system and which says nothing of the language chosen in Acta. A program calling with a key
 * (an ERP or OA server) is judged by the key alone, never by a cookie riding along, so what it asks for
 * in Accept-Language stands.
 */
export function apiLocale(headers: Headers, accounts: Pick<LocaleSources, "embedAccount" | "sessionAccount">): Promise<Locale> {
  const asked = acceptedLocale(headers.get("accept-language"));
  // Without cookies there is neither a choice nor a session: a server calling with a signature of its own.
  if (headers.has("authorization") || !headers.has("cookie")) return Promise.resolve(asked);
  return requestLocale({ cookie: cookieValue(headers.get("cookie"), LOCALE_COOKIE), ...accounts, fallback: asked });
}
