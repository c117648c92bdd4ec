import { getTranslations } from "next-intl/server";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDecimal } from "@/lib/decimal";
import { getRecord } from "@/lib/records/get-record";
import { requireEmbedContext } from "../../_server/require-embed";
import { pageTitle } from "@/app/_server/page-title";

export const generateMetadata = pageTitle("embed.record.title");

/**
 * One record inside the OA, read with the mapped user's permissions (a record they may not read is "not
 * found"). A focused view: the full record page belongs to the main shell.
 */
export default async function EmbedRecordPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireEmbedContext();
  const [record, t, tc] = await Promise.all([getRecord(ctx, { id: (await params).id }), getTranslations("embed.record"), getTranslations("common")]);
  if (!record.ok) {
    return (
      <Alert variant="warning">
        <AlertDescription>{t("notFound")}</AlertDescription>
      </Alert>
    );
  }
  const r = record.value;
  const facts: [string, string][] = [
    [t("archivalCode"), r.archivalCode ?? "—"],
    [t("state"), tc(`states.${r.state}`)],
    [t("fiscalYear"), String(r.fiscalYear)],
    [t("retention"), tc(`retention.${r.retention}`)],
    [t("docDate"), r.docDate ?? "—"],
    [t("amount"), r.amount ? formatDecimal(r.amount, 2, { grouping: true }) : "—"],
  ];
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant="secondary">{tc(`categories.${r.category}`)}</Badge>
        <h1 className="text-xl font-semibold">{r.title}</h1>
      </div>
      <Card>
        <CardContent>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm md:grid-cols-3">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt className="text-muted-foreground text-xs">{label}</dt>
                <dd className="font-medium tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("files")}</CardTitle>
        </CardHeader>
        <CardContent>
          {r.files.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t("noFiles")}</p>
          ) : (
            <ul className="grid gap-1 text-sm">
              {r.files.map((f) => (
                <li key={f.id} className="flex flex-wrap gap-2">
                  <span>{f.fileName}</span>
                  <span className="text-muted-foreground font-mono text-xs">{f.sha256.slice(0, 16)}…</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
