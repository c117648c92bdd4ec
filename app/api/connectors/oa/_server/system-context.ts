import "server-only";
import { getDb } from "@/db";
import type { ServiceContext } from "@/lib/context";

/**
 * OA servers act for no signed-in user: they prove themselves by signature or connector key, and each
 * service decides whose permissions apply (the mapped Acta user, or the verified OA itself).
 */
export function oaServerContext(req: Request): ServiceContext {
  return {
    db: getDb(),
    actor: null,
    now: () => new Date(),
    request: { ip: req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null, userAgent: req.headers.get("user-agent") },
  };
}

/** Where the OA's users reach Acta: ACTA_PUBLIC_URL behind a proxy, otherwise the request's own origin. */
export function publicBaseUrl(req: Request): string {
  return process.env.ACTA_PUBLIC_URL || new URL(req.url).origin;
}
