import type { Actor } from "@/lib/context";
import { type Permission, can } from "@/lib/auth/permissions";

export interface AdminSection {
  key: "users" | "roles" | "fonds" | "connectors" | "oa" | "audit";
  href: string;
  /** Shown (and the page opens) when the actor holds any of these. */
  anyOf: Permission[];
}

/** The administration area split along the 三员 duties: each section belongs to one role's work. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { key: "users", href: "/admin/users", anyOf: ["admin.users"] },
  { key: "roles", href: "/admin/roles", anyOf: ["admin.roles"] },
  { key: "fonds", href: "/admin/fonds", anyOf: ["admin.system"] },
  { key: "connectors", href: "/admin/connectors", anyOf: ["admin.connectors"] },
  { key: "oa", href: "/admin/oa", anyOf: ["admin.connectors"] },
  { key: "audit", href: "/admin/audit", anyOf: ["audit.read_admin", "audit.read_business"] },
];

export function adminSectionsFor(actor: Actor | null): AdminSection[] {
  return ADMIN_SECTIONS.filter((s) => s.anyOf.some((p) => can(actor, p)));
}

export function adminSection(key: AdminSection["key"]): AdminSection {
  return ADMIN_SECTIONS.find((s) => s.key === key)!;
}
