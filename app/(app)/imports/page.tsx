import { getLocale, getTranslations } from "next-intl/server";
import { getCurrentFonds, requirePagePermission } from "@/app/_server/context";
import { PageHeader } from "@/components/admin/page-header";
import { importConnectors } from "@/components/imports/import-connectors";
import { ImportWorkbench } from "@/components/imports/import-workbench";
import { can } from "@/lib/auth/permissions";
import { listErpConnectors } from "@/lib/erp/connectors/list-erp-connectors";
import { ERP_FORMATS } from "@/lib/erp/formats";
import { pageTitle } from "@/app/_server/page-title";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const generateMetadata = pageTitle("imports-ui.title");

export default async function ImportsPage({ searchParams }: { searchParams: SearchParams }) {
  const [fonds, params] = await Promise.all([getCurrentFonds(), searchParams]);
  const ctx = await requirePagePermission("record.import", fonds?.id);
  const [t, locale, connectors] = await Promise.all([getTranslations("imports-ui"), getLocale(), listErpConnectors(ctx)]);
  const here = connectors.ok ? importConnectors(connectors.value, fonds?.id) : [];
  // A link to one import's result (from the workbench's latest imports, or shared by a colleague) opens it;
  // the result is fetched through the API, which checks the import belongs to the connector.
  const one = (key: string) => (typeof params[key] === "string" ? params[key] : undefined);
  const linked = here.find((c) => c.id === one("connectorId"));
  const opened = linked ? { connectorId: linked.id, importId: one("importId") ?? null } : undefined;
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <PageHeader
        title={t("title")}
        description={t("description", { fonds: fonds ? `${fonds.code} ${locale === "en" && fonds.nameEn ? fonds.nameEn : fonds.name}` : "" })}
      />
      <ImportWorkbench
        key={fonds?.id}
        connectors={here}
        formats={ERP_FORMATS.map((f) => ({ id: f.id, label: f.label }))}
        canSaveFormat={can(ctx.actor, "admin.connectors")}
        opened={opened}
      />
    </div>
  );
}
