import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { KeyRoundIcon, LogOutIcon, TriangleAlertIcon } from "lucide-react";
import { endOwnSessionsAction } from "./actions";
import { requireServiceContext } from "@/app/_server/context";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { EndSessionsForm } from "@/components/account/end-sessions-form";
import { PageHeader } from "@/components/admin/page-header";
import { RoleBadges } from "@/components/admin/role-badges";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getAccount } from "@/lib/auth/get-account";

export async function generateMetadata() {
  const t = await getTranslations("account");
  return { title: t("title") };
}

export default async function AccountPage() {
  // Open while a password an administrator set awaits replacing: this is where the user replaces it.
  const ctx = await requireServiceContext({ passwordChange: true });
  const [t, format, result] = await Promise.all([getTranslations("account"), getFormatter(), getAccount(ctx, ctx.actor.userId)]);
  if (!result.ok) notFound();
  const account = result.value;
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "short" }) : t("never"));
  return (
    <div className="mx-auto grid max-w-3xl grid-cols-1 gap-6">
      <PageHeader title={t("title")} description={t("description")} />
      {account.mustChangePassword && (
        <Alert variant="warning" data-testid="must-change-password">
          <TriangleAlertIcon />
          <AlertTitle>{t("mustChange.title")}</AlertTitle>
          <AlertDescription>{t("mustChange.body")}</AlertDescription>
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle>{account.displayName}</CardTitle>
          <CardDescription className="font-mono">@{account.username}</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-muted-foreground">{t("roles")}</dt>
            <dd>
              <RoleBadges grants={account.grants} />
            </dd>
            <dt className="text-muted-foreground">{t("lastLogin")}</dt>
            <dd>{when(account.lastLoginAt)}</dd>
            <dt className="text-muted-foreground">{t("passwordChangedAt")}</dt>
            <dd>{account.hasPassword ? when(account.passwordChangedAt) : t("ssoOnly")}</dd>
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <KeyRoundIcon className="text-muted-foreground size-4" aria-hidden />
            {t("password.title")}
          </CardTitle>
          <CardDescription>{t("password.description")}</CardDescription>
        </CardHeader>
        <CardContent>{account.hasPassword ? <ChangePasswordForm username={account.username} /> : <p className="text-muted-foreground text-sm">{t("noLocalPassword")}</p>}</CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <LogOutIcon className="text-muted-foreground size-4" aria-hidden />
            {t("sessions.title")}
          </CardTitle>
          <CardDescription>{t("sessions.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <EndSessionsForm action={endOwnSessionsAction} />
        </CardContent>
      </Card>
    </div>
  );
}
