"use server";

import { revalidatePath } from "next/cache";
import { requireServiceContext } from "@/app/_server/context";
import type { FormState } from "@/app/_server/form-state";
import { createUser } from "@/lib/auth/create-user";
import { endSessions } from "@/lib/auth/end-sessions";
import { resetPassword } from "@/lib/auth/reset-password";
import { setUserActive } from "@/lib/auth/set-user-active";

export async function createUserAction(_: FormState<{ username: string }>, form: FormData): Promise<FormState<{ username: string }>> {
  const ctx = await requireServiceContext();
  const raw = Object.fromEntries(form);
  // An empty optional field means "not given", not an invalid e-mail address.
  const input = { ...raw, email: raw.email || undefined, password: raw.password || undefined };
  const r = await createUser(ctx, input);
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/admin/users");
  return { error: null, done: { username: String(raw.username ?? "").trim() } };
}

export async function setUserActiveAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireServiceContext();
  const r = await setUserActive(ctx, Object.fromEntries(form));
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/admin/users");
  return { error: null, done: null };
}

export async function resetPasswordAction(
  _: FormState<{ username: string; mustChange: boolean }>,
  form: FormData,
): Promise<FormState<{ username: string; mustChange: boolean }>> {
  const ctx = await requireServiceContext();
  const r = await resetPassword(ctx, Object.fromEntries(form));
  if (!r.ok) return { error: r.error, done: null };
  revalidatePath("/admin/users");
  return { error: null, done: r.value };
}

export async function endSessionsAction(_: FormState<{ username: string }>, form: FormData): Promise<FormState<{ username: string }>> {
  const ctx = await requireServiceContext();
  const r = await endSessions(ctx, Object.fromEntries(form));
  if (!r.ok) return { error: r.error, done: null };
  return { error: null, done: { username: r.value.username } };
}
