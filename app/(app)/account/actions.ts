"use server";

import { requireServiceContext } from "@/app/_server/context";
import { signOut } from "@/app/_server/auth";
import type { FormState } from "@/app/_server/form-state";
import { changePassword } from "@/lib/auth/change-password";
import { endSessions } from "@/lib/auth/end-sessions";

export async function changePasswordAction(_: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireServiceContext({ passwordChange: true });
  const r = await changePassword(ctx, Object.fromEntries(form));
  if (!r.ok) return { error: r.error, done: null };
  // The change ended every session, this one too: clear its cookie and ask for the new password.
  await signOut({ redirectTo: "/login?notice=password_changed" });
  return { error: null, done: null };
}

export async function endOwnSessionsAction(_: FormState<{ username: string }>): Promise<FormState<{ username: string }>> {
  const ctx = await requireServiceContext({ passwordChange: true });
  const r = await endSessions(ctx, { userId: ctx.actor.userId });
  if (!r.ok) return { error: r.error, done: null };
  // This session ended with the others: clear its cookie rather than let the next click find it refused.
  await signOut({ redirectTo: "/login?notice=signed_out_everywhere" });
  return { error: null, done: null };
}
