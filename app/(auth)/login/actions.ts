"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/app/_server/auth";
import { OIDC_PROVIDER_ID } from "@/app/_server/oidc";
import type { ErrorCode } from "@/lib/errors";

export interface LoginState {
  error: { code: ErrorCode; params?: Record<string, string | number> } | null;
  username: string;
}

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === "string" ? value : "";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const username = String(form.get("username") ?? "").trim();
  try {
    await signIn("credentials", { username, password: String(form.get("password") ?? ""), redirectTo: safeNext(form.get("next")) });
    return { error: null, username };
  } catch (e) {
    if (e instanceof CredentialsSignin) {
      const [code, param] = (e.code ?? "auth.invalid_credentials").split(":");
      if (code === "auth.locked") return { error: { code, params: { minutes: Number(param) || 15 } }, username };
      if (param) return { error: { code: "auth.invalid_credentials_remaining", params: { remaining: Number(param) } }, username };
      return { error: { code: "auth.invalid_credentials" }, username };
    }
    // A successful sign-in "throws" Next's redirect; anything else that is not an AuthError is a bug.
    if (e instanceof AuthError) return { error: { code: "auth.invalid_credentials" }, username };
    throw e;
  }
}

/** Hands the browser to the OpenID provider; it comes back to /api/auth/callback/oidc. */
export async function ssoLoginAction(form: FormData): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeNext(form.get("next")) });
}
