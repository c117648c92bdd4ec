import { getLocale, getTranslations } from "next-intl/server";
import { requireAdminSection } from "@/app/(app)/admin/require-section";
import { PageHeader } from "@/components/admin/page-header";
import { ConnectorForm } from "@/components/oa-admin/connector-form";
import { Card, CardContent } from "@/components/ui/card";
import { listFonds } from "@/lib/admin/list-fonds";
import { describeOaFields } from "@/lib/oa/connectors/describe-oa-fields";
import { oaKinds } from "@/lib/oa/types";
import { createConnectorAction } from "../actions";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("oa-ui.new");

export default async function NewOaConnectorPage() {
  const ctx = await requireAdminSection("oa");
  const [t, locale, fonds] = await Promise.all([getTranslations("oa-ui"), getLocale(), listFonds(ctx)]);
  const fieldsByKind = Object.fromEntries(oaKinds.map((k) => [k, describeOaFields(k)])) as Record<(typeof oaKinds)[number], ReturnType<typeof describeOaFields>>;
  return (
    <div className="mx-auto grid max-w-4xl grid-cols-1 gap-6">
      <PageHeader title={t("new")} description={t("newHint")} back={{ href: "/admin/oa", label: t("title") }} />
      <Card>
        <CardContent>
          <ConnectorForm
            action={createConnectorAction}
            fieldsByKind={fieldsByKind}
            fonds={(fonds.ok ? fonds.value : []).map((f) => ({ id: f.id, label: `${f.code} ${locale === "en" && f.nameEn ? f.nameEn : f.name}` }))}
          />
        </CardContent>
      </Card>
    </div>
  );
}
