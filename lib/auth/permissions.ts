import type { Actor } from "@/lib/context";
import { type Role, isAdminRole } from "./roles";

/**
 * What each role may do. Business permissions are checked against the fonds of the thing acted on;
 * administrative ones are installation-wide. The 三员 hold no business permission, so they cannot
 * read archive content unless a business role is granted to them as well.
 */
export const PERMISSIONS = {
  "catalog.read": ["archivist", "accountant", "finance_approver", "auditor", "borrower"],
  "record.read": ["archivist", "accountant", "finance_approver", "auditor"],
  "record.import": ["archivist", "accountant"],
  "record.annotate": ["archivist"],
  "filing.submit": ["archivist"],
  "rules.manage": ["archivist"],
  "alert.resolve": ["archivist"],
  "approval.decide": ["finance_approver"],
  // Withdrawing someone else's pending request (撤回); a requester may always withdraw their own.
  "approval.withdraw": ["archivist"],
  "stats.read": ["archivist", "accountant", "finance_approver", "auditor"],
  "audit.read_business": ["auditor", "secadmin"],
  "audit.read_admin": ["auditadmin"],
  "admin.users": ["sysadmin"],
  "admin.roles": ["secadmin"],
  "admin.connectors": ["sysadmin"],
  "admin.system": ["sysadmin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when the actor holds a role granting the permission in this fonds (or, for admin roles, anywhere). */
export function can(actor: Actor | null, permission: Permission, fondsId?: string | null): boolean {
  if (!actor) return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return actor.grants.some(
    (g) =>
      allowed.includes(g.role) &&
      (isAdminRole(g.role) || g.fondsId === null || fondsId === undefined || g.fondsId === fondsId),
  );
}

/** The fonds in which the actor holds the permission ("all" for installation-wide grants). */
export function fondsWith(actor: Actor | null, permission: Permission): string[] | "all" {
  if (!actor) return [];
  const allowed: readonly Role[] = PERMISSIONS[permission];
  const grants = actor.grants.filter((g) => allowed.includes(g.role));
  if (grants.some((g) => g.fondsId === null)) return "all";
  return [...new Set(grants.map((g) => g.fondsId as string))];
}
