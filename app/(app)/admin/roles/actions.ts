"use server";

import { revalidatePath } from "next/cache";
import { requireServiceContext } from "@/app/_server/context";
import type { FormState } from "@/app/_server/form-state";
import { grantRole } from "@/lib/auth/grant-role";
import { revokeRole } from "@/lib/auth/revoke-role";

// The form sends "" for "no fonds"; the services take null for installation-wide grants.
const grantInput = (form: FormData) => {
  const raw = Object.fromEntries(form);
  return { ...raw, fondsId: raw.fondsId ? raw.fondsId : null };
};

export async function grantRoleAction(_: FormState<{ role: string }>, form: FormData): Promise<FormState<{ role: string }>> {
  const ctx = await requireServiceContext();
  const r = await grantRole(ctx, grantInput(form));
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/admin/roles");
  return { error: null, done: { role: String(form.get("role")) } };
}

export async function revokeRoleAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireServiceContext();
  const r = await revokeRole(ctx, grantInput(form));
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/admin/roles");
  return { error: null, done: null };
}
