import { getTranslations } from "next-intl/server";
import { requireAdminSection } from "@/app/(app)/admin/require-section";
import { GrantRoleForm } from "@/components/admin/grant-role-form";
import { PageHeader } from "@/components/admin/page-header";
import { RevokeRoleButton } from "@/components/admin/revoke-role-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listFonds } from "@/lib/admin/list-fonds";
import { listUsers } from "@/lib/auth/list-users";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("admin.roles.title");

export default async function RolesPage() {
  const ctx = await requireAdminSection("roles");
  const [t, users, fonds] = await Promise.all([getTranslations("admin"), listUsers(ctx), listFonds(ctx)]);
  const userList = users.ok ? users.value : [];
  const fondsList = fonds.ok ? fonds.value : [];
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <PageHeader title={t("roles.title")} description={t("roles.description")} back={{ href: "/admin", label: t("title") }} />
      <Card>
        <CardHeader>
          <CardTitle>{t("roles.grant.title")}</CardTitle>
          <CardDescription>{t("roles.grant.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <GrantRoleForm
            users={userList.filter((u) => u.isActive && u.id !== ctx.actor.userId).map((u) => ({ id: u.id, label: `${u.displayName}（${u.username}）` }))}
            fonds={fondsList.map((f) => ({ id: f.id, label: `${f.code} ${f.name}`, labelEn: f.nameEn ? `${f.code} ${f.nameEn}` : null }))}
          />
        </CardContent>
      </Card>
      <Card className="gap-0 py-0">
        <CardHeader className="py-4">
          <CardTitle>{t("roles.listTitle")}</CardTitle>
          <CardDescription>{t("roles.listDescription")}</CardDescription>
        </CardHeader>
        <Table aria-label={t("roles.listTitle")}>
          <TableHeader>
            <TableRow>
              <TableHead className="w-56">{t("users.table.user")}</TableHead>
              <TableHead>{t("users.table.roles")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {userList.map((u) => (
              <TableRow key={u.id}>
                <TableCell>
                  <div className="flex items-center gap-2 font-medium">
                    {u.displayName}
                    {!u.isActive && <Badge variant="outline">{t("users.status.inactive")}</Badge>}
                  </div>
                  <div className="text-muted-foreground font-mono text-xs">{u.username}</div>
                </TableCell>
                <TableCell>
                  {u.grants.length === 0 ? (
                    <span className="text-muted-foreground text-xs">{t("users.noRoles")}</span>
                  ) : (
                    <div className="flex flex-wrap gap-1.5">
                      {u.grants.map((g) => (
                        <RevokeRoleButton key={`${g.role}-${g.fondsId}`} userId={u.id} username={u.username} grant={g} />
                      ))}
                    </div>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
    </div>
  );
}
