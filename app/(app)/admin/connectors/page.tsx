import { getLocale, getTranslations } from "next-intl/server";
import { requireAdminSection } from "@/app/(app)/admin/require-section";
import { requestOrigin } from "@/app/_server/origin";
import { ActiveToggleButton } from "@/components/admin/active-toggle-button";
import { CreateConnectorForm } from "@/components/admin/create-connector-form";
import { PageHeader } from "@/components/admin/page-header";
import { RotateKeyButton } from "@/components/admin/rotate-key-button";
import { ROTATED_KEY_SLOT } from "@/components/admin/rotated-key-slot";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listFonds } from "@/lib/admin/list-fonds";
import { listErpConnectors } from "@/lib/erp/connectors/list-erp-connectors";
import { ERP_FORMATS } from "@/lib/erp/formats";
import { setConnectorActiveAction } from "./actions";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("admin.connectors.title");

export default async function ConnectorsPage() {
  const ctx = await requireAdminSection("connectors");
  const [t, locale, connectors, fonds, base] = await Promise.all([getTranslations("admin"), getLocale(), listErpConnectors(ctx), listFonds(ctx), requestOrigin()]);
  const list = connectors.ok ? connectors.value : [];
  const fondsList = fonds.ok ? fonds.value : [];
  const formats = ERP_FORMATS.map((f) => ({ id: f.id, label: f.label }));
  // In English the fonds' English name, as the form's list of fonds above shows it.
  const fondsName = (id: string, name: string) => (locale === "en" ? (fondsList.find((f) => f.id === id)?.nameEn ?? name) : name);
  const formatLabel = (id: string | null) => (id ? (ERP_FORMATS.find((f) => f.id === id)?.label[locale as "zh-CN" | "en"] ?? id) : t("connectors.autoDetect"));
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <PageHeader title={t("connectors.title")} description={t("connectors.description")} back={{ href: "/admin", label: t("title") }} />
      <Card>
        <CardHeader>
          <CardTitle>{t("connectors.create.title")}</CardTitle>
          <CardDescription>{t("connectors.create.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateConnectorForm fonds={fondsList.map((f) => ({ id: f.id, label: `${f.code} ${f.name}`, labelEn: f.nameEn ? `${f.code} ${f.nameEn}` : null }))} formats={formats} />
        </CardContent>
      </Card>
      <Card className="gap-0 py-0">
        <CardHeader className="py-4">
          <CardTitle>{t("connectors.listTitle", { count: list.length })}</CardTitle>
        </CardHeader>
        <div id={ROTATED_KEY_SLOT} className="grid gap-3 px-5 pb-4 empty:hidden" />
        {list.length === 0 ? (
          <div className="text-muted-foreground border-t px-5 py-12 text-center text-sm">
            <p className="text-foreground font-medium">{t("connectors.empty")}</p>
            <p className="mt-1">{t("connectors.emptyHint")}</p>
          </div>
        ) : (
          <Table aria-label={t("connectors.title")}>
            <TableHeader>
              <TableRow>
                <TableHead>{t("connectors.table.name")}</TableHead>
                <TableHead>{t("connectors.table.fonds")}</TableHead>
                <TableHead className="hidden lg:table-cell">{t("connectors.table.format")}</TableHead>
                <TableHead className="hidden lg:table-cell">{t("connectors.table.key")}</TableHead>
                <TableHead>{t("connectors.table.status")}</TableHead>
                <TableHead className="text-right">{t("connectors.table.actions")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((c) => {
                const api = `${base}/api/connectors/erp/${c.id}`;
                return (
                  <TableRow key={c.id} className="align-top">
                    <TableCell className="max-w-md whitespace-normal">
                      <div className="font-medium">{c.name}</div>
                      <div className="text-muted-foreground font-mono text-xs">{c.sourceSystem}</div>
                      <div className="text-muted-foreground text-xs lg:hidden">{formatLabel(c.formatId)}</div>
                      <details className="mt-2 text-xs">
                        <summary className="text-primary cursor-pointer select-none">{t("connectors.endpoints")}</summary>
                        <dl className="mt-2 grid gap-2">
                          <div>
                            <dt className="text-muted-foreground">{t("connectors.endpointUpload")}</dt>
                            <dd className="font-mono break-all">POST {api}/imports</dd>
                          </div>
                          <div>
                            <dt className="text-muted-foreground">{t("connectors.endpointVouchers")}</dt>
                            <dd className="font-mono break-all">POST {api}/vouchers</dd>
                          </div>
                          <div>
                            <dt className="text-muted-foreground">{t("connectors.endpointStatus")}</dt>
                            <dd className="font-mono break-all">GET {api}/imports/{"{importId}"}</dd>
                          </div>
                          <p className="text-muted-foreground">{t("connectors.endpointsHint")}</p>
                        </dl>
                      </details>
                    </TableCell>
                    <TableCell className="min-w-32 whitespace-normal">
                      <span className="font-mono text-xs">{c.fondsCode}</span> <span className="text-sm">{fondsName(c.fondsId, c.fondsName)}</span>
                    </TableCell>
                    <TableCell className="hidden text-sm lg:table-cell">{formatLabel(c.formatId)}</TableCell>
                    <TableCell className="hidden font-mono text-xs lg:table-cell">{c.apiKeyPrefix ? t("connectors.keyPrefix", { prefix: c.apiKeyPrefix }) : t("connectors.noKey")}</TableCell>
                    <TableCell>
                      <Badge variant={c.isActive ? "success" : "outline"}>{c.isActive ? t("connectors.active") : t("connectors.inactive")}</Badge>
                    </TableCell>
                    <TableCell>
                      <div className="grid justify-items-end gap-2">
                        <RotateKeyButton connectorId={c.id} connectorName={c.name} />
                        <ActiveToggleButton
                          action={setConnectorActiveAction}
                          fields={{ connectorId: c.id }}
                          active={c.isActive}
                          subject={c.name}
                          labels={{ deactivate: t("connectors.deactivate"), reactivate: t("connectors.reactivate") }}
                          confirmDeactivate={t("connectors.deactivateConfirm", { name: c.name })}
                        />
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
