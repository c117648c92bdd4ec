import "server-only";
import { forbidden } from "next/navigation";
import { requireServiceContext } from "@/app/_server/context";
import { type AdminSection, adminSection } from "@/lib/admin/sections";
import { can } from "@/lib/auth/permissions";

/** Pages of the administration area: signed in, and holding one of the section's permissions (else 403). */
export async function requireAdminSection(key: AdminSection["key"]) {
  const ctx = await requireServiceContext();
  if (!adminSection(key).anyOf.some((p) => can(ctx.actor, p))) forbidden();
  return ctx;
}
