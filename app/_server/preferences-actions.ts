"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { signOut } from "./auth";
import { FONDS_COOKIE, getAccessibleFonds, getServiceContext } from "./context";
import { setOwnLocale } from "@/lib/auth/set-own-locale";
import { LOCALE_COOKIE, isLocale } from "@/lib/i18n/config";

const YEAR = 365 * 24 * 60 * 60;

/** This browser's language; signed in, also the account's, so it follows the user to other browsers. */
export async function setLocaleAction(locale: string) {
  if (!isLocale(locale)) return;
  const ctx = await getServiceContext();
  if (ctx) await setOwnLocale(ctx, { locale });
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: YEAR, sameSite: "lax" });
  revalidatePath("/", "layout");
}

/** Switches the header's fonds; only a fonds the actor holds a role in is accepted. */
export async function setFondsAction(fondsId: string) {
  const options = await getAccessibleFonds();
  if (!options.some((f) => f.id === fondsId)) return;
  (await cookies()).set(FONDS_COOKIE, fondsId, { path: "/", maxAge: YEAR, sameSite: "lax", httpOnly: true });
  revalidatePath("/", "layout");
}

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}
