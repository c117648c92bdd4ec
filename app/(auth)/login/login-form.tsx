"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { AlertCircleIcon, LockIcon, UserIcon } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { type LoginState, loginAction } from "./actions";

export function LoginForm({ next }: { next: string }) {
  const t = useTranslations();
  const [state, act, pending] = useActionState<LoginState, FormData>(loginAction, { error: null, username: "" });
  return (
    <form action={act} className="grid gap-5" noValidate>
      <input type="hidden" name="next" value={next} />
      {state.error && (
        <Alert variant="destructive" aria-live="assertive" data-testid="login-error">
          <AlertCircleIcon />
          <AlertDescription>{t(state.error.code, state.error.params)}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-2">
        <Label htmlFor="username">{t("auth.login.username")}</Label>
        <div className="relative">
          <UserIcon className="text-muted-foreground pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2" aria-hidden />
          <Input
            id="username"
            name="username"
            autoComplete="username"
            required
            autoFocus
            defaultValue={state.username}
            aria-invalid={state.error ? true : undefined}
            className="h-10 pl-9"
            disabled={pending}
          />
        </div>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="password">{t("auth.login.password")}</Label>
        <div className="relative">
          <LockIcon className="text-muted-foreground pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2" aria-hidden />
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={state.error ? true : undefined}
            className="h-10 pl-9"
            disabled={pending}
          />
        </div>
      </div>
      <Button type="submit" size="lg" className="h-10 w-full" disabled={pending}>
        {pending ? t("auth.login.submitting") : t("auth.login.submit")}
      </Button>
    </form>
  );
}
