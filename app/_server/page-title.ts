import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

/**
 * A page's `generateMetadata`: the browser tab, the history and a screen reader's page announcement say
 * what the page's heading says (before the app's name, the root layout's template), in the reader's language.
 */
export function pageTitle(key: string): () => Promise<Metadata> {
  return async () => ({ title: (await getTranslations())(key) });
}
