import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { asc, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { fonds } from "@/db/schema";
import { loadSessionActor } from "@/lib/auth/load-actor";
import { type Permission, can, fondsWith } from "@/lib/auth/permissions";
import type { Actor, ServiceContext } from "@/lib/context";
import { sessionUser } from "./session-user";

export const FONDS_COOKIE = "acta_fonds";

type SessionActor = Actor & { mustChangePassword: boolean; locale: string };

/**
 * The signed-in actor with the grants the database holds now, or null (also once the password changed
 * after this session began). One read per request.
 */
export const getActor = cache(async (): Promise<SessionActor | null> => {
  const session = await sessionUser();
  return session ? loadSessionActor(getDb(), session.userId, session.signedInAt) : null;
});

async function requestInfo() {
  const h = await headers();
  return { ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null, userAgent: h.get("user-agent") };
}

async function sessionContext(): Promise<(ServiceContext & { actor: SessionActor }) | null> {
  const actor = await getActor();
  if (!actor) return null;
  return { db: getDb(), actor, now: () => new Date(), request: await requestInfo() };
}

/** For route handlers: null means "answer 401", as it does while an administrator's password awaits replacing. */
export async function getServiceContext(): Promise<ServiceContext | null> {
  const ctx = await sessionContext();
  return ctx && !ctx.actor.mustChangePassword ? ctx : null;
}

/**
 * For pages and server actions: no session sends the browser to the sign-in page, and a user whose
 * password an administrator set goes to the account page to choose their own before anything else
 * (`passwordChange` marks the few places that stay open meanwhile).
 */
export async function requireServiceContext(options: { passwordChange?: boolean } = {}): Promise<ServiceContext & { actor: SessionActor }> {
  const ctx = await sessionContext();
  // A cookie still valid whose session the database refuses was ended (a new password, signing out
  // everywhere, a deactivated account): the sign-in page says so rather than appear out of nowhere.
  if (!ctx) redirect((await sessionUser()) ? "/login?notice=session_ended" : "/login");
  if (ctx.actor.mustChangePassword && !options.passwordChange) redirect("/account");
  return ctx;
}

/** For pages: signed in but without the permission answers 403 with the friendly forbidden page. */
export async function requirePagePermission(permission: Permission, fondsId?: string) {
  const ctx = await requireServiceContext();
  if (!can(ctx.actor, permission, fondsId)) forbidden();
  return ctx;
}

export interface FondsOption {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
}

/** Every fonds in which the actor holds any role; the header's switcher lists these. */
export const getAccessibleFonds = cache(async (): Promise<FondsOption[]> => {
  const actor = await getActor();
  return actor ? fondsOptionsFor(actor) : [];
});

/** Every fonds in which this actor holds any role (also for the embedded pages' own actor). */
export async function fondsOptionsFor(actor: Actor): Promise<FondsOption[]> {
  const ids = fondsWith(actor, "catalog.read");
  const db = getDb();
  const query = db.select({ id: fonds.id, code: fonds.code, name: fonds.name, nameEn: fonds.nameEn }).from(fonds);
  if (ids === "all") return query.orderBy(asc(fonds.code));
  if (ids.length === 0) return [];
  return query.where(inArray(fonds.id, ids)).orderBy(asc(fonds.code));
}

/** The fonds chosen in the header (cookie), falling back to the first the actor may use. */
export const getCurrentFonds = cache(async (): Promise<FondsOption | null> => {
  const options = await getAccessibleFonds();
  const chosen = (await cookies()).get(FONDS_COOKIE)?.value;
  return options.find((f) => f.id === chosen) ?? options[0] ?? null;
});
