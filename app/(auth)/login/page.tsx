import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ArchiveIcon, CheckCircle2Icon, InfoIcon } from "lucide-react";
import { getActor } from "@/app/_server/context";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { ssoConfigured } from "@/app/_server/oidc";
import { SsoSignIn } from "@/components/sso/sso-sign-in";
import { ssoLoginAction } from "./actions";
import { LoginForm } from "./login-form";

export async function generateMetadata() {
  const t = await getTranslations("auth.login");
  return { title: t("title") };
}

// Where an action that ended this session sends the browser, and what the sign-in page then says.
const NOTICES: Record<string, "auth.login.passwordChanged" | "auth.login.signedOutEverywhere" | "auth.login.sessionEnded"> = {
  password_changed: "auth.login.passwordChanged",
  signed_out_everywhere: "auth.login.signedOutEverywhere",
  session_ended: "auth.login.sessionEnded",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string; notice?: string }> }) {
  // The session as the database sees it, not the cookie alone: a deactivated user or a session older than a
  // password change still carries a valid cookie, and sending it on to "/" would bounce it straight back.
  if (await getActor()) redirect("/");
  const { next, error, notice } = await searchParams;
  const t = await getTranslations();
  const features = t.raw("auth.login.features") as string[];
  return (
    <main className="grid min-h-screen lg:grid-cols-[1.1fr_1fr]">
      <section className="bg-sidebar text-sidebar-foreground relative hidden flex-col justify-between overflow-hidden p-12 lg:flex">
        <div
          aria-hidden
          className="pointer-events-none absolute inset-0 opacity-[0.07]"
          style={{ backgroundImage: "repeating-linear-gradient(0deg, transparent 0 31px, currentColor 31px 32px), repeating-linear-gradient(90deg, transparent 0 31px, currentColor 31px 32px)" }}
        />
        <div className="relative flex items-center gap-3">
          <div className="bg-sidebar-accent flex size-10 items-center justify-center rounded-lg">
            <ArchiveIcon className="text-sidebar-accent-foreground size-5" />
          </div>
          <span className="text-lg font-semibold tracking-wide text-white">Acta</span>
        </div>
        <div className="relative max-w-md">
          <h1 className="text-3xl leading-tight font-semibold text-white">{t("common.appName")}</h1>
          <p className="text-sidebar-muted mt-3 text-lg">{t("common.appTagline")}</p>
          <ul className="mt-10 grid gap-4">
            {features.map((f) => (
              <li key={f} className="flex items-center gap-3 text-sm">
                <CheckCircle2Icon className="size-5 text-[oklch(0.75_0.12_185)]" aria-hidden />
                {f}
              </li>
            ))}
          </ul>
        </div>
        <p className="text-sidebar-muted relative text-xs">《会计档案管理办法》· DA/T 94-2022 · DA/T 70-2018</p>
      </section>
      <section className="flex flex-col">
        <div className="flex justify-end p-6">
          <LocaleSwitcher />
        </div>
        <div className="flex flex-1 items-center justify-center px-6 pb-16">
          <div className="w-full max-w-sm">
            <div className="mb-8">
              <div className="mb-6 flex items-center gap-2 lg:hidden">
                <ArchiveIcon className="text-primary size-6" />
                <span className="font-semibold">Acta</span>
              </div>
              <h2 className="text-2xl font-semibold">{t("auth.login.title")}</h2>
              <p className="text-muted-foreground mt-1 text-sm">{t("auth.login.subtitle")}</p>
            </div>
            {notice && NOTICES[notice] && (
              <Alert className="mb-5" role="status" data-testid="login-notice">
                <InfoIcon />
                <AlertDescription>{t(NOTICES[notice])}</AlertDescription>
              </Alert>
            )}
            <LoginForm next={next ?? "/"} />
            <SsoSignIn configured={ssoConfigured()} error={error} next={next ?? "/"} action={ssoLoginAction} />
            <p className="text-muted-foreground mt-8 text-xs leading-relaxed">{t("auth.login.ssoHint")}</p>
          </div>
        </div>
      </section>
    </main>
  );
}
