import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { requireAdminSection } from "@/app/(app)/admin/require-section";
import { CreateFondsForm } from "@/components/admin/create-fonds-form";
import { PageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listFonds } from "@/lib/admin/list-fonds";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("admin.fonds.title");

export default async function FondsPage() {
  const ctx = await requireAdminSection("fonds");
  const [t, format, locale, result] = await Promise.all([getTranslations("admin"), getFormatter(), getLocale(), listFonds(ctx)]);
  const fonds = result.ok ? result.value : [];
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <PageHeader title={t("fonds.title")} description={t("fonds.description")} back={{ href: "/admin", label: t("title") }} />
      <Card>
        <CardHeader>
          <CardTitle>{t("fonds.create.title")}</CardTitle>
          <CardDescription>{t("fonds.create.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateFondsForm parents={fonds.map((f) => ({ id: f.id, label: `${f.code} ${locale === "en" && f.nameEn ? f.nameEn : f.name}` }))} />
        </CardContent>
      </Card>
      <Card className="gap-0 py-0">
        <CardHeader className="py-4">
          <CardTitle>{t("fonds.listTitle", { count: fonds.length })}</CardTitle>
        </CardHeader>
        <Table aria-label={t("fonds.listTitle", { count: fonds.length })}>
          <TableHeader>
            <TableRow>
              <TableHead>{t("fonds.table.code")}</TableHead>
              <TableHead>{t("fonds.table.name")}</TableHead>
              <TableHead>{t("fonds.table.schedule")}</TableHead>
              <TableHead>{t("fonds.table.parent")}</TableHead>
              <TableHead>{t("fonds.table.created")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {fonds.map((f) => (
              <TableRow key={f.id}>
                <TableCell className="font-mono">{f.code}</TableCell>
                <TableCell>
                  <div className="font-medium">{f.name}</div>
                  {f.nameEn && <div className="text-muted-foreground text-xs">{f.nameEn}</div>}
                </TableCell>
                <TableCell>
                  <Badge variant="secondary">{t(`fonds.schedules.${f.schedule as "enterprise" | "public_sector"}`)}</Badge>
                </TableCell>
                <TableCell className="font-mono text-xs">{f.parentCode ?? "—"}</TableCell>
                <TableCell className="text-muted-foreground text-xs">{format.dateTime(f.createdAt, { dateStyle: "medium" })}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
    </div>
  );
}
