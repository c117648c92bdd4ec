import type { DbOrTx } from "@/db";
import type { Role } from "./auth/roles";

export interface RoleGrant {
  role: Role;
  /** Null for installation-wide grants (the 三员). */
  fondsId: string | null;
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  grants: RoleGrant[];
}

/**
 * Everything a service needs from its caller. The database and the clock are passed in, never
 * imported, so tests can run services in a transaction with a fixed time.
 */
export interface ServiceContext {
  db: DbOrTx;
  /** Null for system work (scheduled jobs, verified machine callers that act for no user). */
  actor: Actor | null;
  now: () => Date;
  request: { ip: string | null; userAgent: string | null };
}

/** The context of work the system does by itself: start-up seeding, the CLI, scheduled jobs. */
export function systemContext(db: DbOrTx, agent = "acta-system"): ServiceContext {
  return { db, actor: null, now: () => new Date(), request: { ip: null, userAgent: agent } };
}
