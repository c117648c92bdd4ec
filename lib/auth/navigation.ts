import type { Actor } from "@/lib/context";
import { type Permission, can } from "./permissions";

export interface NavItem {
  key: "home" | "records" | "imports" | "filing" | "approvals" | "stats" | "alerts" | "admin";
  href: string;
  /** Shown when the actor holds any of these (in any fonds); empty means every signed-in user. */
  anyOf: Permission[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { key: "home", href: "/", anyOf: [] },
  { key: "records", href: "/records", anyOf: ["catalog.read"] },
  { key: "imports", href: "/imports", anyOf: ["record.import"] },
  { key: "filing", href: "/filing", anyOf: ["filing.submit"] },
  { key: "approvals", href: "/approvals", anyOf: ["approval.decide"] },
  { key: "stats", href: "/stats", anyOf: ["stats.read"] },
  // For those fixity and other alerts are sent to: the fonds' archivists, and the system administrator for the store.
  { key: "alerts", href: "/alerts", anyOf: ["alert.resolve", "admin.system"] },
  {
    key: "admin",
    href: "/admin",
    anyOf: ["admin.users", "admin.roles", "admin.system", "admin.connectors", "audit.read_business", "audit.read_admin"],
  },
];

export function navigationFor(actor: Actor | null): NavItem[] {
  return NAV_ITEMS.filter((item) => actor && (item.anyOf.length === 0 || item.anyOf.some((p) => can(actor, p))));
}
