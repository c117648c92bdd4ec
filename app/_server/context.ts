import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { asc, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { fonds } from "@/db/schema";
import { loadActor } from "@/lib/auth/load-actor";
import { type Permission, can, fondsWith } from "@/lib/auth/permissions";
import type { Actor, ServiceContext } from "@/lib/context";
import { sessionUserId } from "./session-user";

export const FONDS_COOKIE = "acta_fonds";

/** The signed-in actor with the grants the database holds now, or null. One read per request. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const userId = await sessionUserId();
  return userId ? loadActor(getDb(), userId) : null;
});

async function requestInfo() {
  const h = await headers();
  return { ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null, userAgent: h.get("user-agent") };
}

/** For route handlers: null means "answer 401". */
export async function getServiceContext(): Promise<ServiceContext | null> {
  const actor = await getActor();
  if (!actor) return null;
  return { db: getDb(), actor, now: () => new Date(), request: await requestInfo() };
}

/** For pages and server actions: no session sends the browser to the sign-in page. */
export async function requireServiceContext(): Promise<ServiceContext & { actor: Actor }> {
  const ctx = await getServiceContext();
  if (!ctx?.actor) redirect("/login");
  return ctx as ServiceContext & { actor: Actor };
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
