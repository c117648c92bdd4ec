import { DEFAULT_LOCALE, type Locale, isLocale } from "./config";

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
