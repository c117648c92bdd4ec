import { getTranslations } from "next-intl/server";
import { AlertCircleIcon, KeyRoundIcon } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// Only codes Acta itself put in the URL are worded; anything else someone typed there is ignored.
const SSO_ERRORS = new Set(["sso.not_provisioned", "sso.username_taken", "sso.account_disabled", "sso.claims_invalid"]);

/** The "使用单点登录" button under the password form, and why a previous SSO attempt was refused. */
export async function SsoSignIn({
  configured,
  error,
  next,
  action,
}: {
  configured: boolean;
  error?: string;
  next: string;
  action: (form: FormData) => Promise<void>;
}) {
  const t = await getTranslations("sso");
  const known = error && SSO_ERRORS.has(error) ? error : null;
  if (!configured && !known) return null;
  return (
    <div className="mt-6 grid gap-4">
      {known && (
        <Alert variant="destructive" aria-live="assertive" data-testid="sso-error">
          <AlertCircleIcon />
          <AlertDescription>{t(known.slice("sso.".length))}</AlertDescription>
        </Alert>
      )}
      {configured && (
        <>
          <div className="text-muted-foreground flex items-center gap-3 text-xs" aria-hidden>
            <span className="bg-border h-px flex-1" />
            {t("or")}
            <span className="bg-border h-px flex-1" />
          </div>
          <form action={action}>
            <input type="hidden" name="next" value={next} />
            <Button type="submit" variant="outline" size="lg" className="h-10 w-full">
              <KeyRoundIcon aria-hidden />
              {t("button")}
            </Button>
          </form>
          <p className="text-muted-foreground text-xs">{t("hint")}</p>
        </>
      )}
    </div>
  );
}
