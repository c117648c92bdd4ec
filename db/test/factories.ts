import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { createFonds } from "@/lib/admin/create-fonds";
import { createUser } from "@/lib/auth/create-user";
import { grantRole } from "@/lib/auth/grant-role";
import { loadActor } from "@/lib/auth/load-actor";
import type { Role } from "@/lib/auth/roles";
import { type Actor, type ServiceContext, systemContext } from "@/lib/context";

export const unique = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!r.ok) throw new Error(`factory failed: ${r.error.code}`);
  return r.value;
}

export async function makeFonds(db: Db, schedule: "enterprise" | "public_sector" = "enterprise") {
  // Six random bytes: with three (16.7 million codes) the few hundred fonds of a run met a taken code
  // about once in five hundred runs, failing whichever test drew it.
  const code = "T" + randomBytes(6).toString("hex").toUpperCase();
  const { id } = must(await createFonds(systemContext(db), { code, name: `测试全宗 ${code}`, schedule }));
  return { id, code };
}

export async function makeUser(db: Db, grants: { role: Role; fondsId: string | null }[], password = "correct-horse-battery") {
  const username = unique("u_");
  const { id } = must(await createUser(systemContext(db), { username, displayName: `测试 ${username}`, password }));
  for (const g of grants) must(await grantRole(systemContext(db), { userId: id, ...g }));
  const actor = (await loadActor(db, id)) as Actor;
  return { id, username, password, actor };
}

export function contextFor(db: Db, actor: Actor | null, now = () => new Date()): ServiceContext {
  return { db, actor, now, request: { ip: "127.0.0.1", userAgent: "vitest" } };
}
