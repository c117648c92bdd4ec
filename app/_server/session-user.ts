import "server-only";
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { auth } from "./auth";
import { baseAuthConfig } from "./auth-config";

// Auth.js names the cookie by the scheme it was set over; its name is also the key derivation's salt.
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];
// jose's allowance, which Auth.js's own decode passes.
const CLOCK_TOLERANCE_MS = 15_000;
const MAX_KEPT = 1000;
const kept = new Map<string, SessionUser & { expiresAt: number }>();

export interface SessionUser {
  userId: string;
  /** When the session began (epoch ms), or null for a session from before Acta recorded it. */
  signedInAt: number | null;
}

/**
 * The signed-in user's id and sign-in time from the session cookie, or null. Auth.js's auth() decrypts the JWT and encrypts
 * a renewed one on every call, which a route handler cannot even send back: that was about a sixth of the
 * server's CPU per search in bench:search. A token's text never changes, so once decrypted its user and
 * expiry are kept by that text (the newest MAX_KEPT) and the expiry is checked on every use, as the
 * decryption would. Renewal stays with the proxy (proxy.ts); a cookie split into chunks goes to auth().
 */
export async function sessionUser(): Promise<SessionUser | null> {
  const jar = await cookies();
  const name = SESSION_COOKIES.find((n) => jar.has(n));
  if (!name) {
    const chunked = jar.getAll().some((c) => SESSION_COOKIES.some((n) => c.name.startsWith(`${n}.`)));
    const user = chunked ? (await auth())?.user : undefined;
    return user?.id ? { userId: user.id, signedInAt: user.signedInAt ?? null } : null;
  }
  const token = jar.get(name)!.value;
  const key = `${name}=${token}`;
  const hit = kept.get(key);
  if (hit) return Date.now() < hit.expiresAt ? { userId: hit.userId, signedInAt: hit.signedInAt } : null;
  const payload = await decode({ token, secret: baseAuthConfig.secret, salt: name }).catch(() => null);
  if (typeof payload?.uid !== "string" || typeof payload.exp !== "number") return null;
  const user = { userId: payload.uid, signedInAt: typeof payload.authAt === "number" ? payload.authAt : null };
  kept.set(key, { ...user, expiresAt: payload.exp * 1000 + CLOCK_TOLERANCE_MS });
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  return user;
}
