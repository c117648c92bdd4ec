import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { endSessionsAction } from "@/app/(app)/admin/users/actions";
import { requirePagePermission } from "@/app/_server/context";
import { EndSessionsForm } from "@/components/account/end-sessions-form";
import { PageHeader } from "@/components/admin/page-header";
import { ResetPasswordForm } from "@/components/admin/reset-password-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getAccount } from "@/lib/auth/get-account";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("account.reset.action");

export default async function ResetPasswordPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("admin.users");
  const { id } = await params;
  const [t, format, result] = await Promise.all([getTranslations(), getFormatter(), getAccount(ctx, id)]);
  if (!result.ok) notFound();
  const user = result.value;
  const self = user.id === ctx.actor.userId;
  const locked = user.lockedUntil && user.lockedUntil > ctx.now();
  return (
    <div className="mx-auto grid max-w-3xl grid-cols-1 gap-6">
      <PageHeader
        title={t("account.reset.title", { name: `${user.displayName} (@${user.username})` })}
        description={t("account.reset.description")}
        back={{ href: "/admin/users", label: t("admin.users.title") }}
      />
      {locked && (
        <Alert variant="warning">
          <AlertDescription>{t("account.reset.locked", { until: format.dateTime(user.lockedUntil!, { dateStyle: "medium", timeStyle: "short" }) })}</AlertDescription>
        </Alert>
      )}
      {!user.hasPassword && (
        <Alert>
          <AlertDescription>{t("account.reset.sso")}</AlertDescription>
        </Alert>
      )}
      <Card>
        <CardContent>{self ? <p className="text-muted-foreground text-sm">{t("account.reset.self")}</p> : <ResetPasswordForm userId={user.id} username={user.username} />}</CardContent>
      </Card>
      {!self && (
        <Card>
          <CardHeader>
            <CardTitle>{t("account.sessions.admin.title")}</CardTitle>
            <CardDescription>{t("account.sessions.admin.description")}</CardDescription>
          </CardHeader>
          <CardContent>
            <EndSessionsForm action={endSessionsAction} userId={user.id} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
