import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { oaConnectors, oaUserMappings, users } from "@/db/schema";
import { loadActorWhere } from "@/lib/auth/load-actor";
import type { Actor } from "@/lib/context";
import type { EmbedSession } from "./embed-tokens";

/**
 * The Acta user a frame session acts as, checked on every request like the OA server's own calls: null
 * once the OA account is unmapped (or mapped to someone else), the connector is switched off, or the
 * user is deactivated, so an hour-long session does not outlive the link that opened it.
 */
export function loadEmbedActor(db: DbOrTx, session: EmbedSession): Promise<(Actor & { locale: string }) | null> {
  const mapped = db
    .select({ userId: oaUserMappings.userId })
    .from(oaUserMappings)
    .innerJoin(oaConnectors, eq(oaConnectors.id, oaUserMappings.connectorId))
    .where(
      and(
        eq(oaUserMappings.connectorId, session.connectorId),
        eq(oaUserMappings.oaUserId, session.oaUserId),
        eq(oaConnectors.isActive, true),
      ),
    );
  return loadActorWhere(db, and(eq(users.id, session.userId), inArray(users.id, mapped)));
}
