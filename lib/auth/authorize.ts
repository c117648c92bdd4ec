import type { ServiceContext } from "@/lib/context";
import { type Permission, can } from "./permissions";

/**
 * A context without an actor is the system itself (start-up seeding, the CLI, scheduled jobs); the
 * HTTP layer never builds one, it refuses the request instead.
 */
export function authorize(ctx: Pick<ServiceContext, "actor">, permission: Permission, fondsId?: string | null): boolean {
  return ctx.actor === null || can(ctx.actor, permission, fondsId);
}
