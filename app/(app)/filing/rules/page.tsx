import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ArrowLeftIcon } from "lucide-react";
import { getCurrentFonds, requirePagePermission } from "@/app/_server/context";
import { CodeRuleForm } from "@/components/filing/code-rule-form";
import { FilingSettingsForm } from "@/components/filing/filing-settings-form";
import { RetentionOverrideForm } from "@/components/filing/retention-override-form";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DEFAULT_CHECK_REGISTRY } from "@/lib/archive/checks/registry";
import { DEFAULT_CODE_TEMPLATE, TOKEN_NAMES } from "@/lib/archive/codes/template";
import { getFilingRules } from "@/lib/rules/get-filing-rules";
import { setRetentionOverrideAction, updateCodeRuleAction, updateFilingSettingsAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("rules-ui");
  return { title: t("title") };
}

export default async function RulesPage() {
  const fonds = await getCurrentFonds();
  const ctx = await requirePagePermission("rules.manage", fonds?.id);
  const [t, tc, locale] = await Promise.all([getTranslations("rules-ui"), getTranslations("common"), getLocale()]);
  if (!fonds) {
    return (
      <Alert variant="warning" className="mx-auto max-w-3xl">
        <AlertTitle>{t("noFonds")}</AlertTitle>
      </Alert>
    );
  }
  const result = await getFilingRules(ctx, { fondsId: fonds.id });
  if (!result.ok) throw new Error(`rules page: ${result.error.code}`);
  const rules = result.value;
  const defaultTemplate = DEFAULT_CODE_TEMPLATE;
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <div className="grid gap-2">
        <Button asChild variant="ghost" size="sm" className="w-fit">
          <Link href="/filing">
            <ArrowLeftIcon aria-hidden />
            {t("back")}
          </Link>
        </Button>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-muted-foreground text-sm">{t("subtitle", { fonds: locale === "en" && fonds.nameEn ? fonds.nameEn : fonds.name, code: fonds.code })}</p>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t("retention.title")}</h2>
          </CardTitle>
          <CardDescription>{t(`retention.schedule.${rules.schedule.id}`)} · {t("retention.body")}</CardDescription>
        </CardHeader>
        <CardContent>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="w-12">{t("retention.row")}</TableHead>
                <TableHead>{t("retention.item")}</TableHead>
                <TableHead>{t("retention.category")}</TableHead>
                <TableHead>{t("retention.legal")}</TableHead>
                <TableHead>{t("retention.fonds")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rules.schedule.items.map((item) => {
                const name = locale === "en" ? item.name.en : item.name.zh;
                return (
                  <TableRow key={item.materialType} className="align-top">
                    <TableCell className="text-muted-foreground tabular-nums">{item.row}</TableCell>
                    <TableCell className="whitespace-normal">
                      {name}
                      {item.override && (
                        <Badge variant="secondary" className="ml-2">
                          {t("retention.lengthened")}
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell>{tc(`categories.${item.category}`)}</TableCell>
                    <TableCell>{tc(`retention.${item.legal}`)}</TableCell>
                    <TableCell>
                      <RetentionOverrideForm fondsId={fonds.id} materialType={item.materialType} name={name} legal={item.legal} override={item.override} action={setRetentionOverrideAction} />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t("codes.title")}</h2>
          </CardTitle>
          <CardDescription>{t("codes.body")}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          {rules.codeRules.map((rule) => (
            <CodeRuleForm key={rule.category} fondsId={fonds.id} category={rule.category} template={rule.template} isDefault={rule.template === defaultTemplate} action={updateCodeRuleAction} />
          ))}
          <div className="bg-muted/50 rounded-lg p-4 text-sm">
            <h3 className="font-medium">{t("codes.tokens")}</h3>
            <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2">
              {TOKEN_NAMES.map((token) => (
                <div key={token} className="flex gap-2">
                  <dt className="font-mono text-xs">{`{${token}}`}</dt>
                  <dd className="text-muted-foreground">{t(`codes.token.${token}`)}</dd>
                </div>
              ))}
            </dl>
            <p className="text-muted-foreground mt-2">{t("codes.widthHint")}</p>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t("settings.title")}</h2>
          </CardTitle>
          <CardDescription>{t("settings.body")}</CardDescription>
        </CardHeader>
        <CardContent>
          <FilingSettingsForm
            fondsId={fonds.id}
            volumeSize={rules.volumeSize}
            ownRequestsDecidable={rules.ownRequestsDecidable}
            checks={{
              attachmentShortfallOutcome: rules.checks.attachmentShortfallOutcome,
              voucherWords: rules.checks.voucherWords,
              minFiscalYear: rules.checks.minFiscalYear,
              duplicateKeys: rules.checks.duplicateKeys,
              disabled: rules.checks.disabled,
            }}
            items={DEFAULT_CHECK_REGISTRY.filter((item) => item.stages.includes(rules.checks.stage)).map(({ code, property, title }) => ({ code, property, title }))}
            action={updateFilingSettingsAction}
          />
        </CardContent>
      </Card>
    </div>
  );
}
