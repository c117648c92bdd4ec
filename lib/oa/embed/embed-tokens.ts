import { randomUUID } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { deriveKey } from "@/lib/crypto/derive-key";
import { originSchema } from "../connectors/connector-input";

/** A launch link works once, within a minute: long enough for the OA to open the frame, too short to share. */
export const LAUNCH_TOKEN_SECONDS = 60;
/** A frame session ends after an hour; the OA asks for a new launch link when the person comes back. */
export const EMBED_SESSION_SECONDS = 60 * 60;
export const EMBED_COOKIE = "acta_embed";

const ISSUER = "acta";
const LAUNCH = { audience: "acta-embed-launch", purpose: "acta/embed-launch/v1" };
const SESSION = { audience: "acta-embed-session", purpose: "acta/embed-session/v1" };

export interface LaunchClaims {
  jti: string;
  userId: string;
  connectorId: string;
  oaUserId: string;
  expiresAt: Date;
}

export interface EmbedSession {
  userId: string;
  connectorId: string;
  oaUserId: string;
  /** The connector's embedding origins when the session opened; they become frame-ancestors. */
  origins: string[];
}

export async function signLaunchToken(claims: Omit<LaunchClaims, "jti" | "expiresAt">, now: Date) {
  const jti = randomUUID();
  const expiresAt = new Date(now.getTime() + LAUNCH_TOKEN_SECONDS * 1000);
  const token = await new SignJWT({ cid: claims.connectorId, oa: claims.oaUserId })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(LAUNCH.audience)
    .setSubject(claims.userId)
    .setJti(jti)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(deriveKey(LAUNCH.purpose));
  return { token, jti, expiresAt };
}

export async function verifyLaunchToken(token: string, now: Date): Promise<LaunchClaims | null> {
  try {
    const { payload } = await jwtVerify(token, deriveKey(LAUNCH.purpose), {
      issuer: ISSUER,
      audience: LAUNCH.audience,
      algorithms: ["HS256"],
      currentDate: now,
      clockTolerance: 0,
    });
    if (!payload.sub || !payload.jti || typeof payload.cid !== "string" || typeof payload.oa !== "string" || !payload.exp) return null;
    return { jti: payload.jti, userId: payload.sub, connectorId: payload.cid, oaUserId: payload.oa, expiresAt: new Date(payload.exp * 1000) };
  } catch {
    return null;
  }
}

export async function signEmbedSession(session: EmbedSession, now: Date): Promise<string> {
  return new SignJWT({ cid: session.connectorId, oa: session.oaUserId, origins: session.origins })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(SESSION.audience)
    .setSubject(session.userId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + EMBED_SESSION_SECONDS)
    .sign(deriveKey(SESSION.purpose));
}

export async function verifyEmbedSession(token: string | undefined, now = new Date()): Promise<EmbedSession | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, deriveKey(SESSION.purpose), { issuer: ISSUER, audience: SESSION.audience, algorithms: ["HS256"], currentDate: now });
    const origins = Array.isArray(payload.origins) ? payload.origins.filter((o): o is string => typeof o === "string") : [];
    if (!payload.sub || typeof payload.cid !== "string" || typeof payload.oa !== "string") return null;
    return { userId: payload.sub, connectorId: payload.cid, oaUserId: payload.oa, origins };
  } catch {
    return null;
  }
}

/** Same-site /embed/… paths only: the launch must not become an open redirect. */
export function safeEmbedPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith("/embed/") || next.startsWith("/embed/launch")) return null;
  try {
    const url = new URL(next, "http://acta.invalid");
    return url.origin === "http://acta.invalid" && url.pathname.startsWith("/embed/") ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}

/**
 * `frame-ancestors` for a frame session: its connector's origins, or none at all. Each origin is checked
 * again as it enters the header: one saved before the rule was strict (or written around the service)
 * is left out rather than allowed to widen or break the policy.
 */
export function frameAncestors(origins: string[]): string {
  const safe = origins.filter((origin) => originSchema.safeParse(origin).success && origin === origin.trim());
  return `frame-ancestors ${safe.length > 0 ? safe.join(" ") : "'none'"}`;
}
