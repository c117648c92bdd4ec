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
import { setUserActiveAction } from "./actions";

export default async function UsersPage() {
  const ctx = await requireAdminSection("users");
  const [t, format, result] = await Promise.all([getTranslations("admin"), getFormatter(), listUsers(ctx)]);
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
              <TableHead>{t("users.table.lastLogin")}</TableHead>
              <TableHead className="text-right">{t("users.table.actions")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((u) => {
              const locked = u.lockedUntil && u.lockedUntil > now;
              return (
                <TableRow key={u.id}>
                  <TableCell>
                    <div className="font-medium">{u.displayName}</div>
                    <div className="text-muted-foreground font-mono text-xs">{u.username}</div>
                  </TableCell>
                  <TableCell className="max-w-80">
                    <RoleBadges grants={u.grants} />
                  </TableCell>
                  <TableCell>
                    {!u.isActive ? (
                      <Badge variant="outline">{t("users.status.inactive")}</Badge>
                    ) : locked ? (
                      <Badge variant="warning">{t("users.status.locked")}</Badge>
                    ) : (
                      <Badge variant="success">{t("users.status.active")}</Badge>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground text-xs whitespace-nowrap">
                    {u.lastLoginAt ? format.dateTime(u.lastLoginAt, { dateStyle: "medium", timeStyle: "short" }) : t("users.never")}
                  </TableCell>
                  <TableCell className="text-right">
                    <ActiveToggleButton
                      action={setUserActiveAction}
                      fields={{ userId: u.id }}
                      active={u.isActive}
                      subject={u.username}
                      labels={{ deactivate: t("users.deactivate"), reactivate: t("users.reactivate") }}
                    />
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
