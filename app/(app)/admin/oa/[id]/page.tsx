import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireAdminSection } from "@/app/(app)/admin/require-section";
import { requestOrigin } from "@/app/_server/origin";
import { PageHeader } from "@/components/admin/page-header";
import { ConnectorForm } from "@/components/oa-admin/connector-form";
import { MappingEditor } from "@/components/oa-admin/mapping-editor";
import { RotateKeyButton } from "@/components/oa-admin/rotate-key-button";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { describeOaFields } from "@/lib/oa/connectors/describe-oa-fields";
import { listOaConnectors } from "@/lib/oa/connectors/list-oa-connectors";
import { listOaUserMappings } from "@/lib/oa/connectors/list-oa-user-mappings";
import { oaKinds } from "@/lib/oa/types";
import { removeMappingAction, rotateKeyAction, setMappingAction, updateConnectorAction } from "../actions";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("oa-ui.detailTitle");

export default async function OaConnectorPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireAdminSection("oa");
  const { id } = await params;
  const [connectors, mappings, t, base] = await Promise.all([listOaConnectors(ctx), listOaUserMappings(ctx, { connectorId: id }), getTranslations("oa-ui"), requestOrigin()]);
  const connector = connectors.ok ? connectors.value.find((c) => c.id === id) : undefined;
  if (!connector) notFound();
  const fieldsByKind = Object.fromEntries(oaKinds.map((k) => [k, describeOaFields(k)])) as Record<(typeof oaKinds)[number], ReturnType<typeof describeOaFields>>;
  return (
    <div className="mx-auto grid max-w-4xl grid-cols-1 gap-6">
      <PageHeader
        title={connector.name}
        description={t("detailHint", { kind: t(`kind.${connector.kind}`) })}
        back={{ href: "/admin/oa", label: t("title") }}
        actions={
          <Button asChild variant="outline">
            <Link href={`/admin/oa/${id}/callbacks`}>{t("list.callbacks")}</Link>
          </Button>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>{t("endpoints.title")}</CardTitle>
          <CardDescription>{t("endpoints.hint")}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-2 text-sm">
          {(["callback", "launch", "documents", "records"] as const).map((e) => (
            <div key={e} className="grid gap-0.5 sm:grid-cols-[8rem_1fr]">
              <span className="text-muted-foreground">{t(`endpoints.${e}`)}</span>
              <code className="font-mono text-xs break-all">{`${base}/api/connectors/oa/${id}/${e}`}</code>
            </div>
          ))}
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <span className="text-muted-foreground">{t("list.key")}</span>
            <code className="font-mono text-xs">{connector.apiKeyPrefix ? `${connector.apiKeyPrefix}…` : "—"}</code>
            <RotateKeyButton id={id} name={connector.name} action={rotateKeyAction} />
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("form.settings")}</CardTitle>
        </CardHeader>
        <CardContent>
          <ConnectorForm action={updateConnectorAction} fieldsByKind={fieldsByKind} fonds={[]} connector={connector} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("mappings.title")}</CardTitle>
          <CardDescription>{t("mappings.hint")}</CardDescription>
        </CardHeader>
        <CardContent>
          <MappingEditor connectorId={id} mappings={mappings.ok ? mappings.value : []} setAction={setMappingAction} removeAction={removeMappingAction} />
        </CardContent>
      </Card>
    </div>
  );
}
