import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireAdminSection } from "@/app/(app)/admin/require-section";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { PageHeader } from "@/components/admin/page-header";
import { RoleBadges } from "@/components/admin/role-badges";
import { ActiveToggleButton } from "@/components/admin/active-toggle-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listUsers } from "@/lib/auth/list-users";
import { can } from "@/lib/auth/permissions";
import { Button } from "@/components/ui/button";
import { setUserActiveAction } from "./actions";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("admin.users.title");

export default async function UsersPage() {
  const ctx = await requireAdminSection("users");
  const [t, tAccount, format, result] = await Promise.all([getTranslations("admin"), getTranslations("account.reset"), getFormatter(), listUsers(ctx)]);
  // The security administrator reads this list to grant roles; accounts themselves are the system administrator's.
  const managesAccounts = can(ctx.actor, "admin.users");
  const users = result.ok ? result.value : [];
  const now = ctx.now();
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <PageHeader title={t("users.title")} description={t("users.description")} back={{ href: "/admin", label: t("title") }} />
      <Card>
        <CardHeader>
          <CardTitle>{t("users.create.title")}</CardTitle>
          <CardDescription>{t("users.create.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateUserForm />
        </CardContent>
      </Card>
      <Card className="gap-0 py-0">
        <CardHeader className="py-4">
          <CardTitle>{t("users.listTitle", { count: users.length })}</CardTitle>
        </CardHeader>
        <Table aria-label={t("users.listTitle", { count: users.length })}>
          <TableHeader>
            <TableRow>
              <TableHead>{t("users.table.user")}</TableHead>
              <TableHead>{t("users.table.roles")}</TableHead>
              <TableHead>{t("users.table.status")}</TableHead>
              <TableHead className="hidden lg:table-cell">{t("users.table.lastLogin")}</TableHead>
              <TableHead className="text-right">{t("users.table.actions")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((u) => {
              const locked = u.lockedUntil && u.lockedUntil > now;
              const lastLogin = u.lastLoginAt ? format.dateTime(u.lastLoginAt, { dateStyle: "medium", timeStyle: "short" }) : t("users.never");
              return (
                <TableRow key={u.id}>
                  {/* Names and usernames wrap (a username has no spaces to break at), so a long one cannot push the actions out of view. */}
                  <TableCell className="max-w-60 whitespace-normal">
                    <div className="font-medium">{u.displayName}</div>
                    <div className="text-muted-foreground font-mono text-xs break-all">{u.username}</div>
                    {/* Below lg the last sign-in folds under the name, so the actions stay in view on a tablet. */}
                    <div className="text-muted-foreground text-xs lg:hidden">
                      {t("users.lastLoginInline", { when: lastLogin })}
                    </div>
                  </TableCell>
                  <TableCell className="max-w-80">
                    <RoleBadges grants={u.grants} />
                  </TableCell>
                  {/* Wide enough for a Chinese status on one line; the English "Must change password" wraps. */}
                  <TableCell className="min-w-24 whitespace-normal">
                    {!u.isActive ? (
                      <Badge variant="outline">{t("users.status.inactive")}</Badge>
                    ) : locked ? (
                      <Badge variant="warning">{t("users.status.locked")}</Badge>
                    ) : u.mustChangePassword ? (
                      <Badge variant="outline" className="whitespace-normal">
                        {t("users.status.mustChangePassword")}
                      </Badge>
                    ) : (
                      <Badge variant="success">{t("users.status.active")}</Badge>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground hidden text-xs whitespace-nowrap lg:table-cell">{lastLogin}</TableCell>
                  <TableCell>
                    <div className="flex flex-col items-end gap-1 whitespace-nowrap lg:flex-row lg:items-center lg:justify-end">
                      {managesAccounts && u.id !== ctx.actor.userId && (
                        <Button asChild variant="ghost" size="sm">
                          <Link href={`/admin/users/${u.id}/password`} aria-label={`${tAccount("action")} ${u.username}`}>
                            {tAccount("action")}
                          </Link>
                        </Button>
                      )}
                      <ActiveToggleButton
                        action={setUserActiveAction}
                        fields={{ userId: u.id }}
                        active={u.isActive}
                        subject={u.username}
                        labels={{ deactivate: t("users.deactivate"), reactivate: t("users.reactivate") }}
                      />
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Card>
    </div>
  );
}
