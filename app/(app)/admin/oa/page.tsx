import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { PlusIcon } from "lucide-react";
import { requireAdminSection } from "@/app/(app)/admin/require-section";
import { PageHeader } from "@/components/admin/page-header";
import { RetryButton } from "@/components/oa-admin/retry-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listOaConnectors } from "@/lib/oa/connectors/list-oa-connectors";
import { listOaOutbox } from "@/lib/oa/outbox/list-oa-outbox";
import { retryOutboxAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("oa-ui"))("title") };
}

/** OA connectors and the messages to the OA that are still waiting or failed for good. */
export default async function OaAdminPage() {
  const ctx = await requireAdminSection("oa");
  const [connectors, outbox, t, tr, format] = await Promise.all([listOaConnectors(ctx), listOaOutbox(ctx), getTranslations("oa-ui"), getTranslations(), getFormatter()]);
  const items = connectors.ok ? connectors.value : [];
  const messages = outbox.ok ? outbox.value : [];
  return (
    <div className="mx-auto grid max-w-6xl grid-cols-1 gap-6">
      <PageHeader
        title={t("title")}
        description={t("description")}
        back={{ href: "/admin", label: t("back") }}
        actions={
          <Button asChild>
            <Link href="/admin/oa/new">
              <PlusIcon aria-hidden />
              {t("new")}
            </Link>
          </Button>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>{t("list.title")}</CardTitle>
          <CardDescription>{t("list.hint")}</CardDescription>
        </CardHeader>
        <CardContent>
          {items.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t("list.empty")}</p>
          ) : (
            <Table aria-label={t("list.title")}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("list.name")}</TableHead>
                  <TableHead>{t("form.kind")}</TableHead>
                  <TableHead className="hidden lg:table-cell">{t("list.key")}</TableHead>
                  <TableHead className="hidden lg:table-cell">{t("form.origins")}</TableHead>
                  <TableHead>{t("list.state")}</TableHead>
                  <TableHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell className="whitespace-normal">
                      <Link href={`/admin/oa/${c.id}`} className="text-primary font-medium hover:underline">
                        {c.name}
                      </Link>
                      <div className="text-muted-foreground font-mono text-[11px] break-all">{c.id}</div>
                    </TableCell>
                    <TableCell className="whitespace-normal">{t(`kind.${c.kind}`)}</TableCell>
                    <TableCell className="hidden font-mono text-xs lg:table-cell">{c.apiKeyPrefix ? `${c.apiKeyPrefix}…` : "—"}</TableCell>
                    <TableCell className="hidden text-xs lg:table-cell">{c.allowedOrigins.join(" ") || "—"}</TableCell>
                    <TableCell>
                      <Badge variant={c.isActive ? "success" : "secondary"}>{c.isActive ? t("list.active") : t("list.inactive")}</Badge>
                    </TableCell>
                    <TableCell>
                      <Link href={`/admin/oa/${c.id}/callbacks`} className="text-primary text-sm whitespace-nowrap hover:underline">
                        {t("list.callbacks")}
                      </Link>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("outbox.title")}</CardTitle>
          <CardDescription>{t("outbox.hint")}</CardDescription>
        </CardHeader>
        <CardContent>
          {messages.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t("outbox.empty")}</p>
          ) : (
            <Table aria-label={t("outbox.title")}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("outbox.approval")}</TableHead>
                  <TableHead>{t("list.name")}</TableHead>
                  <TableHead>{t("list.state")}</TableHead>
                  <TableHead>{t("outbox.attempts")}</TableHead>
                  <TableHead>{t("outbox.error")}</TableHead>
                  <TableHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {messages.map((m) => (
                  <TableRow key={m.id}>
                    {/* Not a link: this page is the system administrator's, and 三员 exclusivity keeps them from
                        every business role, so the approval page would only answer "not found". */}
                    <TableCell className="whitespace-normal">
                      {m.approvalTitle}
                      {m.kind === "complete" && <div className="text-muted-foreground mt-1 text-xs">{t("outbox.kind.complete")}</div>}
                    </TableCell>
                    <TableCell>{m.connectorName}</TableCell>
                    <TableCell>
                      <Badge variant={m.state === "dead" ? "destructive" : "secondary"}>{t(`outbox.state.${m.state}`)}</Badge>
                      {m.state === "pending" && (
                        <div className="text-muted-foreground mt-1 text-xs">{t("outbox.next", { at: format.dateTime(new Date(m.nextAttemptAt), { dateStyle: "short", timeStyle: "medium" }) })}</div>
                      )}
                    </TableCell>
                    <TableCell className="tabular-nums">{m.attempts}</TableCell>
                    <TableCell className="max-w-xs text-xs whitespace-normal">{m.lastError ? tr(m.lastError.code, m.lastError.params) : "—"}</TableCell>
                    <TableCell>{m.state === "dead" && <RetryButton id={m.id} action={retryOutboxAction} />}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
